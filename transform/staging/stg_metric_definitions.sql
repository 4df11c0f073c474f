-- stg_metric_definitions: the definition of every weekly_metrics id (seeds/metric_definitions.csv), trimmed.
-- breakdown: 'origin' (one row per origin_country), 'organisation' (one per developer organisation) or 'channel'
-- (origin_country 'ALL'). value_kind 'band': value is NULL and value_low / value_high carry the range.
-- headline_order: the headline cards, in order; NULL = not a headline. Empty cells become NULL.
with

source as (
    select * from seeds.metric_definitions
),

cleaned as (
    select
        trim(metric) as metric,
        lower(trim(channel)) as channel,
        lower(trim(unit)) as unit,
        lower(trim(breakdown)) as breakdown,
        lower(trim(value_kind)) as value_kind,
        nullif(trim(headline_order), '') as headline_order_text,
        nullif(trim(label), '') as label,
        nullif(trim(definition), '') as definition,
    from source
)

select
    metric::varchar as metric,
    channel::varchar as channel,
    unit::varchar as unit,
    breakdown::varchar as breakdown,
    value_kind::varchar as value_kind,
    headline_order_text::varchar as headline_order_text,
    try_cast(headline_order_text as integer) as headline_order,
    label::varchar as label,
    definition::varchar as definition,
from cleaned
