-- int_openrouter_family_weeks_ranked: one row per week x category x model family (int_openrouter_model_families),
-- the tokens of its permaslugs summed over the week, ranked within the week x category (1 = most tokens; ties by
-- family slug, alphabetical). A family's permaslugs share their author (the slug prefix), so its origin is theirs.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
),

families as (
    select * from intermediate.int_openrouter_model_families
),

summed as (
    select
        model_weeks.week_start,
        model_weeks.category,
        families.family_slug,
        any_value(model_weeks.author) as author,
        any_value(model_weeks.organisation) as organisation,
        any_value(model_weeks.origin_country) as origin_country,
        count(*) as permaslugs,
        min(model_weeks.rank) as best_permaslug_rank,
        sum(model_weeks.total_tokens) as total_tokens,
    from model_weeks
    inner join families
        on families.model_permaslug = model_weeks.model_permaslug
    group by model_weeks.week_start, model_weeks.category, families.family_slug
)

select
    week_start,
    category,
    row_number() over (partition by week_start, category order by total_tokens desc, family_slug)::integer as rank,
    family_slug,
    author,
    organisation,
    origin_country,
    permaslugs::integer as permaslugs,
    best_permaslug_rank::integer as best_permaslug_rank,
    total_tokens::bigint as total_tokens,
from summed
