-- int_openrouter_model_weeks_ranked: one row per week x category x named model, tokens summed over the week,
-- ranked within the week x category (1 = most tokens; ties by permaslug, alphabetical). `other` is never a model.
with

scoped as (
    select * from intermediate.int_openrouter_rankings_scoped
),

summed as (
    select
        week_start,
        category,
        model_permaslug,
        any_value(author) as author,
        any_value(organisation) as organisation,
        any_value(origin_country) as origin_country,
        sum(total_tokens) as total_tokens,
    from scoped
    where not is_other
    group by week_start, category, model_permaslug
),

ranked as (
    select
        *,
        row_number() over (
            partition by week_start, category
            order by total_tokens desc, model_permaslug
        ) as rank,
    from summed
)

select
    week_start,
    category,
    rank::integer as rank,
    model_permaslug,
    author,
    organisation,
    origin_country,
    total_tokens::bigint as total_tokens,
from ranked
