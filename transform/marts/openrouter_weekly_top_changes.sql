-- openrouter_weekly_top_changes: which models entered, left, rose or fell in OpenRouter's weekly top 20?
-- grain: one row per week_start x category x model_permaslug for the week's top 20, plus one row per model of the previous week's top 20 that is not in this week's (status 'exit').
-- units: rank, previous_rank, rank_change = positions; total_tokens, previous_total_tokens = prompt + completion tokens (BIGINT); as_of = UTC timestamp.
-- definition: ranks as in openrouter_weekly_top_models (weekly token sums; category 'all' exact, other categories weekly estimates). The previous week is the week starting 7 days earlier, same category.
-- definition: previous_rank = rank in the previous week's top 20, NULL if the model was not in it; rank_change = previous_rank - rank (positive = moved up). rank is NULL for an exit; total_tokens is then its tokens this week outside the top 20, NULL if it had none.
-- definition: status: 'new' (not in the previous week's top 20), 'up', 'down', 'same', 'exit'; NULL when the category has no data for the previous week (the first week of data: nothing to compare, so no model is called new).
-- definition: is_complete_week / previous_is_complete_week: whether this week and the previous week have all their data (7 days, or an estimate made after the week ended); as_of = this week's as_of.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
),

top_20 as (
    select * from model_weeks
    where rank <= 20
),

compared_weeks as (
    select
        weeks.week_start,
        weeks.category,
        weeks.is_complete_week,
        weeks.as_of,
        previous.week_start is not null as has_previous_week,
        previous.is_complete_week as previous_is_complete_week,
    from weeks
    left join weeks as previous
        on previous.category = weeks.category
        and previous.week_start = weeks.week_start - interval 7 day
),

current_rows as (
    select
        top_20.week_start,
        top_20.category,
        top_20.model_permaslug,
        top_20.author,
        top_20.organisation,
        top_20.origin_country,
        top_20.rank,
        previous.rank as previous_rank,
        top_20.total_tokens,
        previous.total_tokens as previous_total_tokens,
        case
            when not compared_weeks.has_previous_week then null
            when previous.rank is null then 'new'
            when top_20.rank < previous.rank then 'up'
            when top_20.rank > previous.rank then 'down'
            else 'same'
        end as status,
    from top_20
    inner join compared_weeks
        on compared_weeks.week_start = top_20.week_start
        and compared_weeks.category = top_20.category
    left join top_20 as previous
        on previous.category = top_20.category
        and previous.model_permaslug = top_20.model_permaslug
        and previous.week_start = top_20.week_start - interval 7 day
),

exit_rows as (
    select
        compared_weeks.week_start,
        previous.category,
        previous.model_permaslug,
        previous.author,
        previous.organisation,
        previous.origin_country,
        null::integer as rank,
        previous.rank as previous_rank,
        this_week.total_tokens,
        previous.total_tokens as previous_total_tokens,
        'exit' as status,
    from top_20 as previous
    inner join compared_weeks
        on compared_weeks.category = previous.category
        and compared_weeks.week_start = previous.week_start + interval 7 day
    left join model_weeks as this_week
        on this_week.category = previous.category
        and this_week.model_permaslug = previous.model_permaslug
        and this_week.week_start = compared_weeks.week_start
    where this_week.rank is null or this_week.rank > 20
),

changes as (
    select * from current_rows
    union all
    select * from exit_rows
)

select
    changes.week_start::date as week_start,
    changes.category::varchar as category,
    changes.model_permaslug::varchar as model_permaslug,
    changes.author::varchar as author,
    changes.organisation::varchar as organisation,
    changes.origin_country::varchar as origin_country,
    changes.status::varchar as status,
    changes.rank::integer as rank,
    changes.previous_rank::integer as previous_rank,
    (changes.previous_rank - changes.rank)::integer as rank_change,
    changes.total_tokens::bigint as total_tokens,
    changes.previous_total_tokens::bigint as previous_total_tokens,
    compared_weeks.is_complete_week::boolean as is_complete_week,
    compared_weeks.previous_is_complete_week::boolean as previous_is_complete_week,
    compared_weeks.as_of::timestamp as as_of,
from changes
inner join compared_weeks
    on compared_weeks.week_start = changes.week_start
    and compared_weeks.category = changes.category
order by week_start, category, rank nulls last, previous_rank, model_permaslug
