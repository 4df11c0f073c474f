-- openrouter_weekly_developer_price_ratio: how many times more did a million tokens cost at one developer's ranked OpenRouter models than at another's, week by week, at the catalogue snapshot's prices? (the measure behind claims such as "DeepSeek costs up to 40 times less than OpenAI")
-- grain: one row per week_start x organisation x compare_organisation, both among that week's 10 organisations with the most tokens that have priced models (organisation <> compare_organisation). Category all only.
-- units: *_price_ratio = organisation's token-weighted price / compare_organisation's (DOUBLE; NULL when the compared price is 0); price_snapshot_day = the catalogue day ("as of"); as_of = UTC timestamp.
-- definition: prices as in openrouter_weekly_developer_price (level 'organisation'): token-weighted over each developer's priced models that week, prompt and completion separately. A ratio of 40 on completion prices for OpenAI against DeepSeek reads "DeepSeek's served tokens cost 40 times less per million completion tokens". Empty without a collected catalogue snapshot.
with

prices as (
    select * from marts.openrouter_weekly_developer_price
    where level = 'organisation'
),

ranked as (
    select
        *,
        row_number() over (partition by week_start order by tokens_total desc, subject) as size_rank,
    from prices
),

top as (
    select * from ranked
    where size_rank <= 10
)

select
    top.week_start::date as week_start,
    top.subject::varchar as organisation,
    top.origin_country::varchar as origin_country,
    compared.subject::varchar as compare_organisation,
    compared.origin_country::varchar as compare_origin_country,
    (top.price_prompt_per_mtok / nullif(compared.price_prompt_per_mtok, 0))::double as prompt_price_ratio,
    (top.price_completion_per_mtok / nullif(compared.price_completion_per_mtok, 0))::double as completion_price_ratio,
    top.price_snapshot_day::date as price_snapshot_day,
    top.is_complete_week::boolean as is_complete_week,
    top.as_of::timestamp as as_of,
from top
inner join top as compared
    on compared.week_start = top.week_start
    and compared.subject <> top.subject
order by week_start, organisation, compare_organisation
