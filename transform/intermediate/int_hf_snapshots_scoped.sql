-- int_hf_snapshots_scoped: the tracked models of each day, with the scopes they count in and their origin under both
-- attributions. One row per day x model.
-- Tracked = every snapshot row that is not lineage_only (the tracked organisations plus that day's global top N).
-- scopes lists every scope the model counts in: 'all' for every tracked model; a narrower scope (e.g. 'llm') when the
-- seed hf_pipeline_scopes lists the model's pipeline_tag for it (a model without pipeline_tag is in 'all' only); 'atom'
-- when the ATOM Project's curated lists (staging.stg_atom__models: first-party language and vision-language models,
-- charted or extra) name it, so our shares can be set beside the ATOM report's.
-- Attributions are columns: origin_country_ and organisation_ under 'uploader' and 'lineage'. Readers unnest scopes and
-- attributions themselves, after aggregating where they can: a row per scope and attribution was three rows per model
-- and day, and writing them was the costliest step of a full rebuild (docs/performance.md).
-- A view: its readers are a per-day aggregate (int_hf_scoped_days_grouped, which the daily and weekly summaries read)
-- and the ranked rows of hf_origin_top_n. Writing one row per model and day (7.3M at a year of 20k models, four origin
-- columns and the scope list) cost more than the joins it saves them.
-- incremental: day
-- materialized: view
with

snapshots as (
    select * from staging.stg_huggingface__model_snapshots
    where not lineage_only
),

pipeline_scopes as (
    select * from staging.stg_huggingface__pipeline_scopes
),

atom_models as (
    select * from staging.stg_atom__models
),

-- the models' attribution runs (int_hf_models_attributed spreads them over the days the same way)
attributed as (
    select * from intermediate.int_hf_model_attribution_runs
),

daily as (
    select * from intermediate.int_hf_downloads_daily_derived
),

-- the narrower scopes of each pipeline tag ('all' holds every model anyway)
tag_scopes as (
    select
        pipeline_tag,
        list(scope order by scope) as scopes,
    from pipeline_scopes
    where scope <> 'all'
    group by pipeline_tag
),

joined as (
    select
        snapshots.day,
        snapshots.snapshot_at,
        snapshots.model_id,
        ['all'] || coalesce(tag_scopes.scopes, []) || case when atom_models.model_id is not null then ['atom'] else [] end
            as scopes,
        snapshots.top_rank,
        snapshots.downloads_30d,
        snapshots.downloads_all_time,
        daily.downloads_daily,
        daily.negative_all_time_delta,
        daily.probable_anomaly,
        attributed.origin_country_uploader,
        attributed.organisation_uploader,
        attributed.origin_country_lineage,
        attributed.organisation_lineage,
    from snapshots
    -- int_hf_downloads_daily_derived holds a row for every snapshot row (a full build derives every day, an incremental
    -- one every day from the first dirty day), so a left join keeps the rows an inner join keeps, and lets DuckDB build
    -- its hash table on the narrow side (day, model_id and three values) rather than on the snapshots' columns.
    left join daily
        on daily.day = snapshots.day
        and daily.model_id = snapshots.model_id
    inner join attributed
        on attributed.model_id = snapshots.model_id
        and attributed.author is not distinct from snapshots.author
        and snapshots.day between attributed.first_day and attributed.last_day
    left join tag_scopes
        on tag_scopes.pipeline_tag = snapshots.pipeline_tag
    left join atom_models
        on atom_models.model_id = snapshots.model_id
)

select
    day::date as day,
    snapshot_at::timestamp as snapshot_at,
    model_id::varchar as model_id,
    scopes::varchar[] as scopes,
    top_rank::integer as top_rank,
    downloads_30d::bigint as downloads_30d,
    downloads_all_time::bigint as downloads_all_time,
    downloads_daily::bigint as downloads_daily,
    negative_all_time_delta::boolean as negative_all_time_delta,
    probable_anomaly::boolean as probable_anomaly,
    origin_country_uploader::varchar as origin_country_uploader,
    organisation_uploader::varchar as organisation_uploader,
    origin_country_lineage::varchar as origin_country_lineage,
    organisation_lineage::varchar as organisation_lineage,
from joined
