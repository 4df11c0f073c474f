-- hf_origin_top_n: of the Hugging Face Hub's N most downloaded models each day, how many and what share of their downloads come from each origin country?
-- grain: one row per day x scope x attribution x top_n x origin_country with at least one model in that top N (no zero rows); UNKNOWN is its own origin.
-- units: top_n = N; models = count of models; downloads_30d = downloads (BIGINT); downloads_30d_share = fraction in [0, 1] (DOUBLE); as_of = UTC timestamp.
-- definition: the top N is always the global top N by 30-day downloads (top_rank <= N); a scope keeps the models of it that belong to the scope, so the llm top 10 = the LLMs among the global top 10, not the 10 most downloaded LLMs.
-- definition: N is 10, 20, 30, 100 and 1000, each only on days with at least N ranked models. downloads_30d_share = that origin's 30-day downloads / those of all models of the scope in that top N (shares sum to 1 per day x scope x attribution x top_n).
-- definition: attributions as in hf_daily_origin_downloads; as_of = the latest snapshot_at of that day.
-- incremental: day
with

scoped as (
    select * from intermediate.int_hf_snapshots_scoped
),

-- the ranked models (top_rank not null), one row per day x model
ranked_models as (
    select * from scoped
    where top_rank is not null
),

ranked_scopes as (
    select
        ranked_models.*,
        unnest(ranked_models.scopes) as scope,
    from ranked_models
),

-- one row per day x model x scope x attribution
ranked as (
    select
        ranked_scopes.*,
        unnest([
            {attribution: 'uploader', origin_country: origin_country_uploader},
            {attribution: 'lineage', origin_country: origin_country_lineage}
        ], recursive := true),
    from ranked_scopes
),

day_depths as (
    select
        day,
        count(distinct model_id) as ranked_models,
        max(snapshot_at) as as_of,
    from ranked_models
    group by day
),

depths as (
    select
        day_depths.day,
        day_depths.as_of,
        top_n,
    from day_depths
    cross join (select unnest([10, 20, 30, 100, 1000]) as top_n)
    where day_depths.ranked_models >= top_n
),

summed as (
    select
        ranked.day,
        ranked.scope,
        ranked.attribution,
        depths.top_n,
        ranked.origin_country,
        count(*) as models,
        sum(ranked.downloads_30d) as downloads_30d,
        depths.as_of,
    from ranked
    inner join depths
        on depths.day = ranked.day
        and ranked.top_rank <= depths.top_n
    group by ranked.day, ranked.scope, ranked.attribution, depths.top_n, ranked.origin_country, depths.as_of
)

select
    day::date as day,
    scope::varchar as scope,
    attribution::varchar as attribution,
    top_n::integer as top_n,
    origin_country::varchar as origin_country,
    models::integer as models,
    downloads_30d::bigint as downloads_30d,
    (
        downloads_30d::double
        / nullif(sum(downloads_30d) over (partition by day, scope, attribution, top_n), 0)::double
    )::double as downloads_30d_share,
    as_of::timestamp as as_of,
from summed
order by day, scope, attribution, top_n, downloads_30d desc nulls last, origin_country
