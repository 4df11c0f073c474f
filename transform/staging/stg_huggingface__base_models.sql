-- stg_huggingface__base_models: base-model links from the Hub's `base_model:<relation>:<id>` tags, one row per
-- day x model x base model. relation: finetune | quantized | adapter | merge | unspecified (a bare base_model tag).
-- A model naming itself as its base is dropped: it would be a one-step cycle.
-- A view: int_hf_base_models_preferred, its one reader, filters the raw links itself, cheaper than writing a copy.
-- incremental: day
-- materialized: view
with

source as (
    select * from raw.hf_model_base_models
)

select
    day::date as day,
    model_id::varchar as model_id,
    base_model_id::varchar as base_model_id,
    lower(relation)::varchar as relation,
from source
where base_model_id <> model_id
