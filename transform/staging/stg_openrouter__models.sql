-- stg_openrouter__models: the OpenRouter catalogue (GET /api/v1/models) as of its latest collected snapshot day,
-- one row per catalogue id. Empty when no snapshot was ever collected (a fresh install without network).
-- Prices are the API's USD-per-token decimal strings as DOUBLE; a negative price (the API's "variable" marker for
-- routers) and an unparseable one are NULL, never 0.
with

source as (
    select * from raw.openrouter_models
),

latest_day as (
    select max(day) as day from source
),

latest as (
    select source.*
    from source
    inner join latest_day on latest_day.day = source.day
),

cleaned as (
    select
        day as snapshot_day,
        id,
        lower(nullif(trim(canonical_slug), '')) as canonical_slug,
        nullif(trim(name), '') as name,
        nullif(trim(hugging_face_id), '') as hugging_face_id,
        case when try_cast(pricing_prompt as double) >= 0 then try_cast(pricing_prompt as double) end
            as price_prompt_per_token,
        case when try_cast(pricing_completion as double) >= 0 then try_cast(pricing_completion as double) end
            as price_completion_per_token,
        fetched_at,
    from latest
)

select
    snapshot_day::date as snapshot_day,
    id::varchar as id,
    canonical_slug::varchar as canonical_slug,
    name::varchar as name,
    hugging_face_id::varchar as hugging_face_id,
    price_prompt_per_token::double as price_prompt_per_token,
    price_completion_per_token::double as price_completion_per_token,
    fetched_at::timestamp as fetched_at,
from cleaned
