-- int_hf_origin_days_summed: tracked models' downloads per day x scope x attribution x origin_country, with shares.
-- Sums skip NULLs and stay NULL when no model of the group has the value; models_with_* say how many contributed.
-- Each share divides by the same measure summed over all origins of that day x scope x attribution (over the models
-- that have it), so shares sum to 1 there. as_of = the day's latest snapshot_at.
-- incremental: day
with

scoped as (
    select * from intermediate.int_hf_snapshots_scoped
),

day_as_of as (
    select
        day,
        max(snapshot_at) as as_of,
    from scoped
    group by day
),

summed as (
    select
        day,
        scope,
        attribution,
        origin_country,
        count(*) as models,
        -- a rolling 30-day count per model: summed across models of one day, never across days
        sum(downloads_30d) as downloads_30d,
        count(downloads_all_time) as models_with_all_time,
        sum(downloads_all_time) as downloads_all_time,
        count(downloads_daily) as models_with_daily,
        sum(downloads_daily) as downloads_daily,
        count(*) filter (where negative_all_time_delta) as negative_delta_flags,
        count(*) filter (where probable_anomaly) as anomaly_flags,
    from scoped
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
