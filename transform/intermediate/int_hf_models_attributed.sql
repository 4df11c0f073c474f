-- int_hf_models_attributed: the origin of every snapshot row under both attributions, one row per day x model.
-- uploader: the country of the repo's author in the registry. lineage: the country of the author of the model's root,
-- reached by following the chosen base model until a model has none (int_hf_model_attribution_runs says how; REDIST
-- authors never count as an origin; UNKNOWN is its own bucket).
-- A view: the snapshot rows joined with their model's attribution run of that day (model_id, author, the day in
-- first_day..last_day). Writing it as a table was one row per model and day, 7.3M rows at a year of 20k models, and its
-- day-grained readers join the runs themselves.
-- incremental: day
-- materialized: view
with

snapshots as (
    select
        day,
        model_id,
        author,
    from staging.stg_huggingface__model_snapshots
),

runs as (
    select * from intermediate.int_hf_model_attribution_runs
)

select
    snapshots.day::date as day,
    snapshots.model_id::varchar as model_id,
    snapshots.author::varchar as author,
    runs.uploader_resolved_id::varchar as uploader_resolved_id,
    runs.origin_country_uploader::varchar as origin_country_uploader,
    runs.organisation_uploader::varchar as organisation_uploader,
    runs.lineage_root_id::varchar as lineage_root_id,
    runs.lineage_depth::integer as lineage_depth,
    runs.lineage_complete::boolean as lineage_complete,
    runs.origin_country_lineage::varchar as origin_country_lineage,
    runs.organisation_lineage::varchar as organisation_lineage,
from snapshots
inner join runs
    on runs.model_id = snapshots.model_id
    and runs.author is not distinct from snapshots.author
    and snapshots.day between runs.first_day and runs.last_day
