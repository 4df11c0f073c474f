-- int_hf_tracked_days: the days with tracked models, one row per day: how many of them rank in the global top N
-- (ranked_models; ranks run 1..k on a day, so N ranked models include rank N) and the day's latest snapshot_at (as_of).
-- A few hundred rows for a year: int_hf_week_snapshot_days and the weekly marts read them instead of every scoped row.
-- It adds up int_hf_scoped_days_grouped's groups of each day (a model has one row a day, so its ranked models are
-- distinct models).
-- incremental: day
with

grouped as (
    select * from intermediate.int_hf_scoped_days_grouped
)

select
    day::date as day,
    sum(ranked_models)::integer as ranked_models,
    max(as_of)::timestamp as as_of,
from grouped
group by day
