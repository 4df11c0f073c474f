-- int_openrouter_weeks_summarised: one row per week x category: days of data, named and `other` tokens, as_of.
-- all_tokens (named + other) is NULL unless every period_start with data that week has an `other` value: the API
-- omits `other` when empty, but a missing row is never read as 0.
-- as_of is the greatest as_of among the week's latest values (named and other).
with

scoped as (
    select * from intermediate.int_openrouter_rankings_scoped
),

summarised as (
    select
        week_start,
        category,
        period,
        count(distinct period_start) as periods_with_data,
        count(distinct period_start) filter (where is_other) as periods_with_other,
        sum(total_tokens) filter (where not is_other) as named_tokens,
        sum(total_tokens) filter (where is_other) as other_tokens,
        max(as_of) as as_of,
    from scoped
    group by week_start, category, period
),

completed as (
    select
        week_start,
        category,
        period,
        case when period = 'day' then periods_with_data end as days_in_week,
        named_tokens,
        other_tokens,
        case
            when periods_with_other = periods_with_data then coalesce(named_tokens, 0) + other_tokens
        end as all_tokens,
        case
            when period = 'day' then periods_with_data = 7
            -- a weekly estimate covers the whole week once it was made after the week ended
            else as_of >= week_start + interval 7 day
        end as is_complete_week,
        as_of,
    from summarised
)

select
    week_start,
    category,
    period,
    days_in_week::integer as days_in_week,
    named_tokens::bigint as named_tokens,
    other_tokens::bigint as other_tokens,
    all_tokens::bigint as all_tokens,
    is_complete_week,
    as_of,
from completed
