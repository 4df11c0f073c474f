-- stg_huggingface__model_creations: when each Hub repo was created (the Hub's createdAt), one row per model.
-- The latest snapshot that reports it speaks for the repo (creation is fixed; a later fetch may fill a NULL).
-- Models no snapshot reports a creation time for have no row (the shipped history has none).
with

source as (
    select * from raw.hf_model_snapshots
    where created_at is not null
)

select
    model_id::varchar as model_id,
    arg_max(created_at, day)::timestamp as created_at,
from source
group by model_id
