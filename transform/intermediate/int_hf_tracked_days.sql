-- int_hf_tracked_days: the days with tracked models, one row per day: how many of them rank in the global top N
-- (ranked_models; ranks run 1..k on a day, so N ranked models include rank N) and the day's latest snapshot_at (as_of).
-- A few hundred rows for a year: int_hf_week_snapshot_days and the weekly marts read them instead of every scoped row.
-- incremental: day
with

scoped as (
    select * from intermediate.int_hf_snapshots_scoped
)

select
    day::date as day,
    (count(distinct model_id) filter (where top_rank is not null))::integer as ranked_models,
    max(snapshot_at)::timestamp as as_of,
from scoped
group by day
