-- weekly_metrics_grain: one row per week x metric x origin x organisation.
select
    week_start,
    metric,
    origin_country,
    organisation,
    count(*) as rows,
from marts.weekly_metrics
group by week_start, metric, origin_country, organisation
having count(*) > 1
