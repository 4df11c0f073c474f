-- metric_definitions: what does each weekly_metrics id mean, which ones are the headline cards, and how far does its data reach?
-- grain: one row per metric id of seeds/metric_definitions.csv (defined ids without data included).
-- units: unit of the metric's values ('count', 'share' = fraction in [0, 1], 'tokens', 'downloads'); headline_order = position of its card (NULL = not a headline); *_week_start = DATE; as_of = UTC timestamp.
-- definition: label, definition, breakdown ('origin' | 'organisation' | 'channel') and value_kind ('value' | 'band') as written in seeds/metric_definitions.csv; first_week_start / last_week_start / last_complete_week_start = the metric's weeks in weekly_metrics (NULL when it has none yet); as_of = its latest as_of there (NULL without data).
with

definitions as (
    select * from staging.stg_metric_definitions
),

metrics as (
    select * from marts.weekly_metrics
),

spans as (
    select
        metric,
        min(week_start) as first_week_start,
        max(week_start) as last_week_start,
        max(week_start) filter (where is_complete_week) as last_complete_week_start,
        max(as_of) as as_of,
    from metrics
    group by metric
)

select
    definitions.metric::varchar as metric,
    definitions.channel::varchar as channel,
    definitions.unit::varchar as unit,
    definitions.breakdown::varchar as breakdown,
    definitions.value_kind::varchar as value_kind,
    definitions.headline_order::integer as headline_order,
    definitions.label::varchar as label,
    definitions.definition::varchar as definition,
    spans.first_week_start::date as first_week_start,
    spans.last_week_start::date as last_week_start,
    spans.last_complete_week_start::date as last_complete_week_start,
    spans.as_of::timestamp as as_of,
from definitions
left join spans
    on spans.metric = definitions.metric
order by definitions.headline_order nulls last, definitions.channel desc, definitions.metric
