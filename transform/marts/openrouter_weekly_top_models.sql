-- openrouter_weekly_top_models: which models processed the most tokens on OpenRouter each week, and where were they built?
-- grain: one row per week_start x category x model_permaslug (every named model with data that week, not only the first 50); `other` is never a model.
-- units: total_tokens = prompt + completion tokens summed over the week's days (BIGINT); rank and days_in_week = counts; as_of = UTC timestamp.
-- definition: weeks start Monday 00:00 UTC. Category 'all' sums OpenRouter's exact daily top 50 (latest value per day x model, tombstones dropped); other categories are OpenRouter's weekly category estimates (period = 'week').
-- definition: rank 1 = most tokens in that week x category; ties broken by permaslug, alphabetical. A model is a permaslug as given (`:free` variants and dated versions are separate models).
-- definition: author = permaslug prefix (lower case); organisation and origin_country from the origin registry (platform = 'openrouter'); not listed -> organisation NULL, origin_country 'UNKNOWN'.
-- definition: days_in_week = distinct days that week with any data in the dataset (1-7; NULL for weekly category estimates); as_of = greatest as_of among the week x category's latest values.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
),

joined as (
    select
        model_weeks.week_start,
        model_weeks.category,
        model_weeks.rank,
        model_weeks.model_permaslug,
        model_weeks.author,
        model_weeks.organisation,
        model_weeks.origin_country,
        model_weeks.total_tokens,
        weeks.days_in_week,
        weeks.as_of,
    from model_weeks
    inner join weeks
        on weeks.week_start = model_weeks.week_start
        and weeks.category = model_weeks.category
)

select
    week_start::date as week_start,
    category::varchar as category,
    rank::integer as rank,
    model_permaslug::varchar as model_permaslug,
    author::varchar as author,
    organisation::varchar as organisation,
    origin_country::varchar as origin_country,
    total_tokens::bigint as total_tokens,
    days_in_week::integer as days_in_week,
    as_of::timestamp as as_of,
from joined
order by week_start, category, rank
