-- openrouter_weekly_origin_share: what share of OpenRouter's tokens went to models built in each country, week by week?
-- grain: one row per week_start x category x origin_country, for each origin with at least one named model that week (no zero rows); UNKNOWN is its own origin.
-- units: models_in_top_N = counts of models; total_tokens = prompt + completion tokens (BIGINT); *_share columns = fractions in [0, 1] (DOUBLE); as_of = UTC timestamp.
-- definition: built from openrouter_weekly_top_models (weeks start Monday 00:00 UTC). models_in_top_N = that origin's models with weekly rank <= N; total_tokens = that origin's named models' tokens that week.
-- definition: token_share_top50 = total_tokens / tokens of all named models that week (every model in any day's top 50 that week, which can be more than 50 models); shares sum to 1 per week x category.
-- definition: token_share_all_low / _high = share of all tokens (named + `other`), with `other` counted as not this origin (low) or as this origin (high); NULL when any day (or weekly estimate) with data has no `other` row: the API omits `other` when it is empty, but a missing row is not assumed to be 0.
-- definition: is_complete_week = 7 days of data (weekly category estimates: the estimate was made after the week ended); as_of = greatest as_of among the week x category's latest values.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
),

by_origin as (
    select
        week_start,
        category,
        origin_country,
        count(*) filter (where rank <= 10) as models_in_top_10,
        count(*) filter (where rank <= 20) as models_in_top_20,
        count(*) filter (where rank <= 50) as models_in_top_50,
        sum(total_tokens) as total_tokens,
    from model_weeks
    group by week_start, category, origin_country
),

shared as (
    select
        by_origin.week_start,
        by_origin.category,
        by_origin.origin_country,
        by_origin.models_in_top_10,
        by_origin.models_in_top_20,
        by_origin.models_in_top_50,
        by_origin.total_tokens,
        by_origin.total_tokens::double / nullif(weeks.named_tokens, 0)::double as token_share_top50,
        by_origin.total_tokens::double / nullif(weeks.all_tokens, 0)::double as token_share_all_low,
        (by_origin.total_tokens + weeks.other_tokens)::double / nullif(weeks.all_tokens, 0)::double
            as token_share_all_high,
        weeks.is_complete_week,
        weeks.as_of,
    from by_origin
    inner join weeks
        on weeks.week_start = by_origin.week_start
        and weeks.category = by_origin.category
)

select
    week_start::date as week_start,
    category::varchar as category,
    origin_country::varchar as origin_country,
    models_in_top_10::integer as models_in_top_10,
    models_in_top_20::integer as models_in_top_20,
    models_in_top_50::integer as models_in_top_50,
    total_tokens::bigint as total_tokens,
    token_share_top50::double as token_share_top50,
    token_share_all_low::double as token_share_all_low,
    token_share_all_high::double as token_share_all_high,
    is_complete_week::boolean as is_complete_week,
    as_of::timestamp as as_of,
from shared
order by week_start, category, total_tokens desc, origin_country
