-- weekly_metrics_bounds: shares lie in [0, 1], bands are ordered, counts and sums are not negative, and each row
-- has either a value or a band, never both.
select
    week_start,
    metric,
    origin_country,
    organisation,
    value,
    value_low,
    value_high,
from marts.weekly_metrics
where (value is null) = (value_low is null)
    or (value_low is null) <> (value_high is null)
    or value_low > value_high
    or value < 0
    or value_low < 0
    or (unit = 'share' and (value > 1 or value_high > 1))
