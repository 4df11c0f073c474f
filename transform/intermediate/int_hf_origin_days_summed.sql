-- int_hf_origin_days_summed: tracked models' downloads per day x scope x attribution x origin_country, with shares.
-- Sums skip NULLs and stay NULL when no model of the group has the value; models_with_* say how many contributed.
-- Each share divides by the same measure summed over all origins of that day x scope x attribution (over the models
-- that have it), so shares sum to 1 there. as_of = the day's latest snapshot_at.
-- It reads each day's sums per scope set and origin spread over scopes and attributions (int_hf_scoped_days_spread, a
-- few dozen rows a day): the same sums as over one row per model, scope and attribution.
-- incremental: day
with

spread as (
    select * from intermediate.int_hf_scoped_days_spread
),

day_as_of as (
    select
        day,
        max(as_of) as as_of,
    from spread
    group by day
),

-- Sums of sums: NULL only where every model's value was NULL, as a sum over the models is.
summed as (
    select
        day,
        scope,
        attribution,
        origin_country,
        sum(models)::bigint as models,
        sum(downloads_30d)::hugeint as downloads_30d,
        sum(models_with_all_time)::bigint as models_with_all_time,
        sum(downloads_all_time)::hugeint as downloads_all_time,
        sum(models_with_daily)::bigint as models_with_daily,
        sum(downloads_daily)::hugeint as downloads_daily,
        sum(negative_delta_flags)::bigint as negative_delta_flags,
        sum(anomaly_flags)::bigint as anomaly_flags,
    from spread
    group by day, scope, attribution, origin_country
)

select
    summed.day,
    summed.scope,
    summed.attribution,
    summed.origin_country,
    summed.models,
    summed.downloads_30d,
    summed.downloads_30d::double
        / nullif(sum(summed.downloads_30d) over by_total, 0)::double as downloads_30d_share,
    summed.models_with_all_time,
    summed.downloads_all_time,
    summed.downloads_all_time::double
        / nullif(sum(summed.downloads_all_time) over by_total, 0)::double as downloads_all_time_share,
    summed.models_with_daily,
    summed.downloads_daily,
    summed.downloads_daily::double
        / nullif(sum(summed.downloads_daily) over by_total, 0)::double as downloads_daily_share,
    summed.negative_delta_flags,
    summed.anomaly_flags,
    day_as_of.as_of,
from summed
inner join day_as_of
    on day_as_of.day = summed.day
window by_total as (partition by summed.day, summed.scope, summed.attribution)
