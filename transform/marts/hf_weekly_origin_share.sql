-- hf_weekly_origin_share: what share of Hugging Face downloads went to models from each origin country, week by week?
-- grain: one row per week_start x scope x attribution x origin_country with at least one tracked model on the week's snapshot day; UNKNOWN is its own origin.
-- units: models, models_with_all_time and *_flags = counts of models; downloads_* = downloads (BIGINT); *_share = fractions in [0, 1] (DOUBLE); as_of = UTC timestamp.
-- definition: every value is hf_daily_origin_downloads on the week's last snapshot day (snapshot_day; weeks start Monday UTC). downloads_30d is the 30 days up to that day, not the week: a rolling count, never summed across days.
-- definition: is_complete_week = the snapshot day is the week's Sunday. Scopes, attributions, shares and flags are defined as in hf_daily_origin_downloads; daily downloads stay in that mart (the tracked set changes from day to day, so a week's sum would mix different models).
with

summed as (
    select * from intermediate.int_hf_origin_days_summed
),

-- the week's last day with tracked models (the rule and is_complete_week: int_hf_week_snapshot_days)
weeks as (
    select * from intermediate.int_hf_week_snapshot_days
    where ranked_depth = 0
)

select
    weeks.week_start::date as week_start,
    summed.scope::varchar as scope,
    summed.attribution::varchar as attribution,
    summed.origin_country::varchar as origin_country,
    weeks.snapshot_day::date as snapshot_day,
    weeks.is_complete_week::boolean as is_complete_week,
    summed.models::integer as models,
    summed.downloads_30d::bigint as downloads_30d,
    summed.downloads_30d_share::double as downloads_30d_share,
    summed.models_with_all_time::integer as models_with_all_time,
    summed.downloads_all_time::bigint as downloads_all_time,
    summed.downloads_all_time_share::double as downloads_all_time_share,
    summed.negative_delta_flags::integer as negative_delta_flags,
    summed.anomaly_flags::integer as anomaly_flags,
    summed.as_of::timestamp as as_of,
from weeks
inner join summed
    on summed.day = weeks.snapshot_day
order by week_start, scope, attribution, downloads_30d desc nulls last, origin_country
