-- int_openrouter_rankings_versioned: every recorded value with the interval during which it was in force.
-- A value holds from its as_of (valid_from) until the next recorded value of the same
-- period x category x period_start x model (valid_to, exclusive; NULL = still in force).
-- total_tokens NULL is a tombstone: from valid_from on, the model was not in that list.
-- Value in force at time T (one row per period x category x period_start x model, tombstones left out):
--   select * from intermediate.int_openrouter_rankings_versioned
--   where valid_from <= T and (valid_to is null or valid_to > T) and total_tokens is not null
with

rankings as (
    select * from staging.stg_openrouter__rankings
),

versioned as (
    select
        period,
        category,
        period_start,
        model_permaslug,
        is_other,
        author,
        total_tokens,
        as_of as valid_from,
        lead(as_of) over (
            partition by period, category, period_start, model_permaslug
            order by as_of
        ) as valid_to,
        row_number() over (
            partition by period, category, period_start, model_permaslug
            order by as_of
        ) as version,
        run_id,
        payload_id,
    from rankings
)

select
    period,
    category,
    period_start,
    model_permaslug,
    is_other,
    author,
    total_tokens,
    valid_from,
    valid_to,
    valid_to is null as is_latest,
    version::integer as version,
    run_id,
    payload_id,
from versioned
