-- stg_huggingface__model_snapshots: Hub model stats, one row per UTC day x model, as collected.
-- author falls back to the repo namespace (the part of model_id before '/'), which is what the Hub's author is.
-- An empty pipeline_tag becomes NULL. downloads_30d is a rolling 30-day count: never sum it across days.
-- A view: its readers (the day-grained Hub models) compute the cleaning themselves, cheaper than writing a copy of
-- every raw row (a year of 20k models: 7.3M rows with their tags) on every full rebuild.
-- incremental: day
-- materialized: view
with

source as (
    select * from raw.hf_model_snapshots
),

cleaned as (
    select
        day,
        snapshot_at,
        model_id,
        coalesce(
            nullif(trim(author), ''),
            case when contains(model_id, '/') then split_part(model_id, '/', 1) end
        ) as author,
        downloads_30d,
        downloads_all_time,
        likes,
        nullif(trim(pipeline_tag), '') as pipeline_tag,
        library_name,
        tags,
        parameters,
        top_rank,
        tracked_org,
        lineage_only,
        is_synthetic,
        run_id,
    from source
)

select
    day::date as day,
    snapshot_at::timestamp as snapshot_at,
    model_id::varchar as model_id,
    author::varchar as author,
    downloads_30d::bigint as downloads_30d,
    downloads_all_time::bigint as downloads_all_time,
    likes::bigint as likes,
    pipeline_tag::varchar as pipeline_tag,
    library_name::varchar as library_name,
    tags::varchar[] as tags,
    parameters::bigint as parameters,
    top_rank::integer as top_rank,
    tracked_org::boolean as tracked_org,
    lineage_only::boolean as lineage_only,
    is_synthetic::boolean as is_synthetic,
    run_id::bigint as run_id,
from cleaned
