-- openrouter_weekly_developer_price: what did a million tokens cost, on average over the tokens they served, at each developer's (and each origin's) ranked OpenRouter models, week by week, at the prices of the collected catalogue snapshot?
-- grain: one row per week_start x level x subject: level 'organisation' (subject = the registry organisation, 'UNKNOWN' when none) or level 'origin' (subject = origin_country); only subjects with at least one priced model that week. Category all only.
-- units: *_per_mtok = USD per million tokens (DOUBLE); tokens_* = prompt + completion tokens (BIGINT); priced_token_share = fraction in [0, 1]; price_snapshot_day = the catalogue day the prices are from ("as of"); as_of = the rankings' UTC timestamp.
-- definition: token-weighted price = sum(model tokens x model price per token) / sum(tokens of the priced models) x 1e6, separately for the prompt and the completion price (the Data API does not split a model's tokens into prompt and completion, so no blended price is invented). Prices are those of one catalogue snapshot (int_openrouter_model_prices: the latest collected), applied to every week: a week long before the snapshot is priced at the snapshot's prices, not at that week's.
-- definition: priced_token_share = tokens of priced models / all the subject's tokens that week (models missing from the catalogue are left out of the average, never priced 0; :free variants are priced 0 as OpenRouter lists them). Empty when no catalogue snapshot was ever collected (a fresh install without network): the Claims page and docs say so.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
    where category = 'all'
),

prices as (
    select * from intermediate.int_openrouter_model_prices
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
    where category = 'all'
),

priced as (
    select
        model_weeks.week_start,
        coalesce(model_weeks.organisation, 'UNKNOWN') as organisation,
        model_weeks.origin_country,
        model_weeks.total_tokens,
        prices.price_prompt_per_token,
        prices.price_completion_per_token,
        prices.price_snapshot_day,
    from model_weeks
    left join prices
        on prices.model_permaslug = model_weeks.model_permaslug
),

levels as (
    select 'organisation' as level, organisation as subject, origin_country, week_start, total_tokens,
        price_prompt_per_token, price_completion_per_token, price_snapshot_day,
    from priced
    union all
    select 'origin', origin_country, origin_country, week_start, total_tokens,
        price_prompt_per_token, price_completion_per_token, price_snapshot_day,
    from priced
),

summed as (
    select
        week_start,
        level,
        subject,
        any_value(origin_country) as origin_country,
        sum(total_tokens) as tokens_total,
        sum(total_tokens) filter (where price_prompt_per_token is not null) as tokens_priced,
        sum(total_tokens * price_prompt_per_token) filter (where price_prompt_per_token is not null) as prompt_cost,
        sum(total_tokens * price_completion_per_token) filter (where price_completion_per_token is not null) as completion_cost,
        count(*) filter (where price_prompt_per_token is not null) as models_priced,
        count(*) as models,
        max(price_snapshot_day) as price_snapshot_day,
    from levels
    group by week_start, level, subject
)

select
    summed.week_start::date as week_start,
    summed.level::varchar as level,
    summed.subject::varchar as subject,
    summed.origin_country::varchar as origin_country,
    summed.models::integer as models,
    summed.models_priced::integer as models_priced,
    summed.tokens_total::bigint as tokens_total,
    summed.tokens_priced::bigint as tokens_priced,
    (summed.tokens_priced::double / nullif(summed.tokens_total, 0))::double as priced_token_share,
    (summed.prompt_cost / nullif(summed.tokens_priced, 0) * 1e6)::double as price_prompt_per_mtok,
    (summed.completion_cost / nullif(summed.tokens_priced, 0) * 1e6)::double as price_completion_per_mtok,
    summed.price_snapshot_day::date as price_snapshot_day,
    weeks.is_complete_week::boolean as is_complete_week,
    weeks.as_of::timestamp as as_of,
from summed
inner join weeks
    on weeks.week_start = summed.week_start
where summed.models_priced > 0
order by week_start, level, subject
