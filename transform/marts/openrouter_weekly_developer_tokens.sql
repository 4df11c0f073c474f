-- openrouter_weekly_developer_tokens: how many OpenRouter tokens went to each developer organisation (Alibaba, DeepSeek, OpenAI, ...), week by week?
-- grain: one row per week_start x category x organisation x origin_country with at least one named model that week (no zero rows); 'UNKNOWN' organisation = authors the registry lacks or lists without one.
-- units: models = count of models; total_tokens = prompt + completion tokens (BIGINT); token_share_top50 = fraction in [0, 1] (DOUBLE); rank = position; as_of = UTC timestamp.
-- definition: built from the models of openrouter_weekly_top_models: organisation and origin_country from the origin registry (platform = 'openrouter'); an organisation has one country, except the UNKNOWN bucket, which splits by country.
-- definition: total_tokens = the organisation's named models' tokens that week x category; token_share_top50 = total_tokens / tokens of all named models that week x category (shares sum to 1; `other` is left out).
-- definition: rank 1 = most tokens in the week x category, ties by organisation, alphabetical. is_complete_week and as_of as in openrouter_weekly_origin_share.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
),

summed as (
    select
        week_start,
        category,
        coalesce(organisation, 'UNKNOWN') as organisation,
        origin_country,
        count(*) as models,
        sum(total_tokens) as total_tokens,
    from model_weeks
    group by week_start, category, coalesce(organisation, 'UNKNOWN'), origin_country
),

ranked as (
    select
        summed.*,
        summed.total_tokens::double / nullif(weeks.named_tokens, 0)::double as token_share_top50,
        row_number() over (
            partition by summed.week_start, summed.category
            order by summed.total_tokens desc, summed.organisation, summed.origin_country
        ) as rank,
        weeks.is_complete_week,
        weeks.as_of,
    from summed
    inner join weeks
        on weeks.week_start = summed.week_start
        and weeks.category = summed.category
)

select
    week_start::date as week_start,
    category::varchar as category,
    organisation::varchar as organisation,
    origin_country::varchar as origin_country,
    rank::integer as rank,
    models::integer as models,
    total_tokens::bigint as total_tokens,
    token_share_top50::double as token_share_top50,
    is_complete_week::boolean as is_complete_week,
    as_of::timestamp as as_of,
from ranked
order by week_start, category, rank
