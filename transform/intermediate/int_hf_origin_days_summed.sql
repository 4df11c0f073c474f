-- int_hf_origin_days_summed: tracked models' downloads per day x scope x attribution x origin_country, with shares.
-- Sums skip NULLs and stay NULL when no model of the group has the value; models_with_* say how many contributed.
-- Each share divides by the same measure summed over all origins of that day x scope x attribution (over the models
-- that have it), so shares sum to 1 there. as_of = the day's latest snapshot_at.
-- Each day's rows are summed per scope set and origin first (a few groups a day), and only those sums are spread over
-- scopes and attributions: the same sums as over one row per model, scope and attribution.
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

grouped as (
    select
        day,
        scopes,
        origin_country_uploader,
        origin_country_lineage,
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
    group by day, scopes, origin_country_uploader, origin_country_lineage
),

spread_scopes as (
    select
        grouped.* exclude (scopes),
        unnest(grouped.scopes) as scope,
    from grouped
),

spread_attributions as (
    select
        spread_scopes.*,
        unnest([
            {attribution: 'uploader', origin_country: origin_country_uploader},
            {attribution: 'lineage', origin_country: origin_country_lineage}
        ]) as attribution,
    from spread_scopes
),

-- Sums of sums: NULL only where every model's value was NULL, as a sum over the models is.
summed as (
    select
        day,
        scope,
        attribution.attribution as attribution,
        attribution.origin_country as origin_country,
        sum(models)::bigint as models,
        sum(downloads_30d)::hugeint as downloads_30d,
        sum(models_with_all_time)::bigint as models_with_all_time,
        sum(downloads_all_time)::hugeint as downloads_all_time,
        sum(models_with_daily)::bigint as models_with_daily,
        sum(downloads_daily)::hugeint as downloads_daily,
        sum(negative_delta_flags)::bigint as negative_delta_flags,
        sum(anomaly_flags)::bigint as anomaly_flags,
    from spread_attributions
    group by day, scope, attribution.attribution, attribution.origin_country
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
