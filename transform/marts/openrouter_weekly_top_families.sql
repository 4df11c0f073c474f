-- openrouter_weekly_top_families: which model families processed the most tokens on OpenRouter each week, and where were they built? (a model counted the way OpenRouter's rankings page shows it: dated versions and :free variants together)
-- grain: one row per week_start x category x family_slug (every family with data that week); `other` is never a model.
-- units: total_tokens = prompt + completion tokens of the family's permaslugs summed over the week (BIGINT); rank, permaslugs, best_permaslug_rank, days_in_week = counts; as_of = UTC timestamp.
-- definition: family_slug as in openrouter_model_families (the permaslug without variant tag and 8-digit date suffix). rank 1 = most tokens in that week x category, ties by family slug A-Z; permaslugs = the family's permaslugs with tokens that week; best_permaslug_rank = the best rank of one of them in openrouter_weekly_top_models.
-- definition: category 'all' sums OpenRouter's exact daily top 50 (latest values); other categories are OpenRouter's weekly sampled estimates. days_in_week and as_of as in openrouter_weekly_top_models.
with

family_weeks as (
    select * from intermediate.int_openrouter_family_weeks_ranked
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
)

select
    family_weeks.week_start::date as week_start,
    family_weeks.category::varchar as category,
    family_weeks.rank::integer as rank,
    family_weeks.family_slug::varchar as family_slug,
    family_weeks.permaslugs::integer as permaslugs,
    family_weeks.best_permaslug_rank::integer as best_permaslug_rank,
    family_weeks.author::varchar as author,
    family_weeks.organisation::varchar as organisation,
    family_weeks.origin_country::varchar as origin_country,
    family_weeks.total_tokens::bigint as total_tokens,
    weeks.days_in_week::integer as days_in_week,
    weeks.as_of::timestamp as as_of,
from family_weeks
inner join weeks
    on weeks.week_start = family_weeks.week_start
    and weeks.category = family_weeks.category
order by week_start, category, rank
