-- int_hf_snapshots_scoped: the tracked models of each day, once per scope and attribution they count in.
-- Tracked = every snapshot row that is not lineage_only (the tracked organisations plus that day's global top N).
-- Scope 'all' holds every tracked model; a narrower scope (e.g. 'llm') holds the models whose pipeline_tag the
-- seed hf_pipeline_scopes lists for it; a model without pipeline_tag is in 'all' only. Scope 'atom' holds the
-- tracked models that the ATOM Project's curated lists name (staging.stg_atom__models: first-party language and
-- vision-language models, charted or extra), so our shares can be set beside the ATOM report's.
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

atom_models as (
    select * from staging.stg_atom__models
),

attributed as (
    select * from intermediate.int_hf_models_attributed
),

daily as (
    select * from intermediate.int_hf_downloads_daily_derived
),

-- One join per model and day, then the fan-out: joining after unnesting scopes and attributions multiplied the rows
-- joined by four.
joined as (
    select
        snapshots.day,
        snapshots.snapshot_at,
        snapshots.model_id,
        snapshots.pipeline_tag,
        snapshots.top_rank,
        snapshots.downloads_30d,
        snapshots.downloads_all_time,
        attributed.origin_country_uploader,
        attributed.organisation_uploader,
        attributed.origin_country_lineage,
        attributed.organisation_lineage,
        daily.downloads_daily,
        daily.negative_all_time_delta,
        daily.probable_anomaly,
    from snapshots
    inner join attributed
        on attributed.day = snapshots.day
        and attributed.model_id = snapshots.model_id
    inner join daily
        on daily.day = snapshots.day
        and daily.model_id = snapshots.model_id
),

scoped as (
    select
        joined.*,
        'all' as scope,
    from joined
    union all
    select
        joined.*,
        pipeline_scopes.scope,
    from joined
    inner join pipeline_scopes
        on pipeline_scopes.pipeline_tag = joined.pipeline_tag
    where pipeline_scopes.scope <> 'all'
    union all
    select
        joined.*,
        'atom' as scope,
    from joined
    inner join atom_models
        on atom_models.model_id = joined.model_id
),

attributions as (
    select
        scoped.*,
        unnest([
            {attribution: 'uploader', origin_country: origin_country_uploader, organisation: organisation_uploader},
            {attribution: 'lineage', origin_country: origin_country_lineage, organisation: organisation_lineage}
        ]) as attribution,
    from scoped
)

select
    day::date as day,
    snapshot_at::timestamp as snapshot_at,
    model_id::varchar as model_id,
    scope::varchar as scope,
    attribution.attribution::varchar as attribution,
    attribution.origin_country::varchar as origin_country,
    attribution.organisation::varchar as organisation,
    top_rank::integer as top_rank,
    downloads_30d::bigint as downloads_30d,
    downloads_all_time::bigint as downloads_all_time,
    downloads_daily::bigint as downloads_daily,
    negative_all_time_delta::boolean as negative_all_time_delta,
    probable_anomaly::boolean as probable_anomaly,
from attributions
