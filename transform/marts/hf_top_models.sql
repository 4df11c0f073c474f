-- hf_top_models: which models were the Hugging Face Hub's most downloaded each day, and where do they come from?
-- grain: one row per day x rank, for the ranked global top N (top_rank not null).
-- units: rank = position by 30-day downloads; downloads_* = downloads (BIGINT); as_of = UTC timestamp.
-- definition: downloads_30d = the Hub's rolling 30-day count on that day (never add days together); downloads_all_time NULL when not collected (the shipped history has none).
-- definition: organisation = the registry organisation of the repo's author (NULL when the author is not in the registry). origin_country_uploader / _lineage as in hf_daily_origin_downloads; lineage_root_id = the model the base-model chain ends at (the model itself when it has no known base).
-- definition: in_llm_scope = the pipeline_tag is listed for scope 'llm' in seeds/hf_pipeline_scopes.csv. as_of = that row's snapshot_at.
-- incremental: day
with

snapshots as (
    select * from staging.stg_huggingface__model_snapshots
    where top_rank is not null
        and not lineage_only
),

-- the models' attribution runs (int_hf_models_attributed spreads them over the days the same way)
attributed as (
    select * from intermediate.int_hf_model_attribution_runs
),

origins as (
    select
        author,
        organisation,
    from staging.stg_origins
    where platform = 'huggingface'
),

llm_tags as (
    select pipeline_tag from staging.stg_huggingface__pipeline_scopes
    where scope = 'llm'
)

select
    snapshots.day::date as day,
    snapshots.top_rank::integer as rank,
    snapshots.model_id::varchar as model_id,
    snapshots.author::varchar as author,
    origins.organisation::varchar as organisation,
    snapshots.pipeline_tag::varchar as pipeline_tag,
    coalesce(snapshots.pipeline_tag in (select pipeline_tag from llm_tags), false)::boolean as in_llm_scope,
    snapshots.downloads_30d::bigint as downloads_30d,
    snapshots.downloads_all_time::bigint as downloads_all_time,
    attributed.origin_country_uploader::varchar as origin_country_uploader,
    attributed.origin_country_lineage::varchar as origin_country_lineage,
    attributed.lineage_root_id::varchar as lineage_root_id,
    snapshots.snapshot_at::timestamp as as_of,
from snapshots
inner join attributed
    on attributed.model_id = snapshots.model_id
    and attributed.author is not distinct from snapshots.author
    and snapshots.day between attributed.first_day and attributed.last_day
left join origins
    on origins.author = snapshots.author
order by day, rank
