-- stg_openrouter__rankings: every recorded OpenRouter rankings value, restatements and tombstones kept.
-- period_start is the UTC day (period = 'day') or the week start (period = 'week').
-- author is the permaslug's prefix before '/', lower case; NULL for the reserved `other` row, which is never a model.
with

source as (
    select * from raw.openrouter_rankings
),

renamed as (
    select
        period,
        category,
        date as period_start,
        model_permaslug,
        model_permaslug = 'other' as is_other,
        case
            when model_permaslug <> 'other' then lower(split_part(model_permaslug, '/', 1))
        end as author,
        total_tokens,  -- NULL: a tombstone, the model left that list as of as_of
        as_of,
        fetched_at,
        run_id,
        payload_id,
    from source
)

select
    period::varchar as period,
    category::varchar as category,
    period_start::date as period_start,
    model_permaslug::varchar as model_permaslug,
    is_other::boolean as is_other,
    author::varchar as author,
    total_tokens::bigint as total_tokens,
    as_of::timestamp as as_of,
    fetched_at::timestamp as fetched_at,
    run_id::bigint as run_id,
    payload_id::bigint as payload_id,
from renamed
