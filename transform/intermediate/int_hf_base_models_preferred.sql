-- int_hf_base_models_preferred: each model's preferred base-model link on each day it has links (snapshot day or not).
-- Several bases: prefer finetune, then quantized, adapter, unspecified, and merge last (a merge has no single
-- parent); ties go to the alphabetically first base_model_id, so the choice is deterministic.
-- One row per day x model with links: int_hf_base_models_chosen reads it for the snapshot days, and
-- int_hf_base_models_fallback aggregates it per model (one row per model and day, so no distinct over every link).
-- incremental: day
with

links as (
    select * from staging.stg_huggingface__base_models
),

ranked as (
    select
        links.day,
        links.model_id,
        links.base_model_id,
        links.relation,
        row_number() over (
            partition by links.day, links.model_id
            order by
                case links.relation
                    when 'finetune' then 1
                    when 'quantized' then 2
                    when 'adapter' then 3
                    when 'unspecified' then 4
                    when 'merge' then 5
                    else 6
                end,
                links.base_model_id
        ) as preference,
    from links
)

select
    day::date as day,
    model_id::varchar as model_id,
    base_model_id::varchar as base_model_id,
    relation::varchar as relation,
from ranked
where preference = 1
