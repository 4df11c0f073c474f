-- int_hf_week_snapshot_days: which day stands for each week in the weekly Hugging Face figures: the week's last snapshot day.
-- The Hub's counts are rolling 30-day windows, so a week is never a sum of days: it is read on one day, the last day of
-- the week (weeks start Monday UTC) with data at the depth the figure needs. is_complete_week = that day is the
-- week's Sunday (an earlier day means the week is still running or its last days were not collected).
-- ranked_depth 0 = days with any tracked model (hf_weekly_origin_share, developer_downloads); N > 0 = days with at
-- least N models ranked in the global top N (1: hf_top_models' days, for weekly_changes; 10, 20, 30, 100, 1000: the
-- top_n of hf_origin_top_n, for weekly_metrics). Ranks run 1..k on a day, so N ranked models include rank N.
-- One row per week_start x ranked_depth with at least one such day.
with

-- one row per day with tracked models and its count of ranked models
day_depths as (
    select * from intermediate.int_hf_tracked_days
),

depths as (
    select unnest([0, 1, 10, 20, 30, 100, 1000]) as ranked_depth
),

last_days as (
    select
        date_trunc('week', day_depths.day)::date as week_start,
        depths.ranked_depth,
        max(day_depths.day) as snapshot_day,
    from day_depths
    inner join depths
        on day_depths.ranked_models >= depths.ranked_depth
    group by date_trunc('week', day_depths.day)::date, depths.ranked_depth
)

select
    week_start::date as week_start,
    ranked_depth::integer as ranked_depth,
    snapshot_day::date as snapshot_day,
    (isodow(snapshot_day) = 7)::boolean as is_complete_week,
from last_days
order by week_start, ranked_depth
