-- int_hf_snapshots_scoped: the tracked models of each day, once per scope and attribution they count in.
-- Tracked = every snapshot row that is not lineage_only (the tracked organisations plus that day's global top N).
-- Scope 'all' holds every tracked model; a narrower scope (e.g. 'llm') holds the models whose pipeline_tag the
-- seed hf_pipeline_scopes lists for it; a model without pipeline_tag is in 'all' only.
-- One row per day x model x scope x attribution, attribution 'uploader' or 'lineage'.
-- incremental: day
with

snapshots as (
    select * from staging.stg_huggingface__model_snapshots
    where not lineage_only
),

pipeline_scopes as (
    select * from staging.stg_huggingface__pipeline_scopes
),

attributed as (
    select * from intermediate.int_hf_models_attributed
),

daily as (
    select * from intermediate.int_hf_downloads_daily_derived
),

scoped as (
    select
        snapshots.*,
        'all' as scope,
    from snapshots
    union all
    select
        snapshots.*,
        pipeline_scopes.scope,
    from snapshots
    inner join pipeline_scopes
        on pipeline_scopes.pipeline_tag = snapshots.pipeline_tag
    where pipeline_scopes.scope <> 'all'
),

attributions as (
    select
        attributed.*,
        unnest([
            {attribution: 'uploader', origin_country: origin_country_uploader, organisation: organisation_uploader},
            {attribution: 'lineage', origin_country: origin_country_lineage, organisation: organisation_lineage}
        ]) as attribution,
    from attributed
)

select
    scoped.day::date as day,
    scoped.snapshot_at::timestamp as snapshot_at,
    scoped.model_id::varchar as model_id,
    scoped.scope::varchar as scope,
    attributions.attribution.attribution::varchar as attribution,
    attributions.attribution.origin_country::varchar as origin_country,
    attributions.attribution.organisation::varchar as organisation,
    scoped.top_rank::integer as top_rank,
    scoped.downloads_30d::bigint as downloads_30d,
    scoped.downloads_all_time::bigint as downloads_all_time,
    daily.downloads_daily::bigint as downloads_daily,
    daily.negative_all_time_delta::boolean as negative_all_time_delta,
    daily.probable_anomaly::boolean as probable_anomaly,
from scoped
inner join attributions
    on attributions.day = scoped.day
    and attributions.model_id = scoped.model_id
inner join daily
    on daily.day = scoped.day
    and daily.model_id = scoped.model_id
