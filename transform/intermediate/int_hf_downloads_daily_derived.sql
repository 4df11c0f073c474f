-- int_hf_downloads_daily_derived: downloads per model per day, from day-over-day differences of downloads_all_time.
-- downloads_daily is derived only between snapshots one day apart; after a gap it is NULL (how a gap's downloads
-- spread over its days is unknown, so they are not spread). A drop of the all-time count between a model's
-- consecutive snapshots (any gap) sets negative_all_time_delta and leaves downloads_daily NULL: never negative.
-- probable_anomaly: downloads_daily above 10 x the median of the model's previous 14 derivable values (a median of 0
-- counts as 1), when at least 7 such values exist. The value is kept: the flag only marks it for a reader.
-- Incremental builds (the runner sets the variable transform_first_dirty_day; every day from it on is recomputed) read
-- the 21 days before the first dirty day, and a model's whole history only when those 21 days hold fewer than 14
-- derivable values of it: the lag and the median then see exactly what a full build sees. In a full build the first
-- dirty day is the first day, so everything is read.
-- incremental: day, earlier days
with

all_snapshots as (
    select
        day,
        model_id,
        downloads_all_time,
    from staging.stg_huggingface__model_snapshots
),

-- The 21 days before the first dirty day (none in a full build), differenced among themselves: the first row of each
-- model has no lag here, so its value is never counted (a count that can only be too low).
history as (
    select
        model_id,
        day - lag(day) over by_model = 1
            and downloads_all_time - lag(downloads_all_time) over by_model >= 0 as derivable,
    from all_snapshots
    where day >= getvariable('transform_first_dirty_day') - 21
        and day < getvariable('transform_first_dirty_day')
    window by_model as (partition by model_id order by day)
),

-- Models whose last 21 days before the first dirty day hold their 14 previous derivable values and their lag.
recent_enough as (
    select model_id from history
    group by model_id
    having count(*) filter (where derivable) >= 14
),

-- The other models with a row to recompute read their whole history.
whole_history as (
    select distinct model_id from all_snapshots
    where day >= getvariable('transform_first_dirty_day')
    except
    select model_id from recent_enough
),

snapshots as (
    select * from all_snapshots
    where day >= getvariable('transform_first_dirty_day') - 21
    union all
    select * from all_snapshots
    semi join whole_history
        on whole_history.model_id = all_snapshots.model_id
    where all_snapshots.day < getvariable('transform_first_dirty_day') - 21
),

differenced as (
    select
        day,
        model_id,
        downloads_all_time,
        day - lag(day) over by_model as days_since_previous,
        downloads_all_time - lag(downloads_all_time) over by_model as all_time_delta,
    from snapshots
    window by_model as (partition by model_id order by day)
),

derived as (
    select
        day,
        model_id,
        downloads_all_time,
        days_since_previous,
        all_time_delta,
        coalesce(all_time_delta < 0, false) as negative_all_time_delta,
        case when days_since_previous = 1 and all_time_delta >= 0 then all_time_delta end as downloads_daily,
    from differenced
),

-- The previous 14 derivable values of the rows that have one (a row without downloads_daily has no median to compare
-- with): a window over those rows only, its frame their 14 predecessors.
histories as (
    select
        day,
        model_id,
        downloads_all_time,
        days_since_previous,
        downloads_daily,
        negative_all_time_delta,
        median(downloads_daily) over previous_14 as previous_median,
        count(downloads_daily) over previous_14 as previous_values,
    from derived
    where downloads_daily is not null
    window previous_14 as (partition by model_id order by day rows between 14 preceding and 1 preceding)
),

-- The rows without downloads_daily and those with it, side by side (not joined back on day and model_id: a join of
-- every row with itself cost more than the window).
rows as (
    select
        day,
        model_id,
        downloads_all_time,
        days_since_previous,
        downloads_daily,
        negative_all_time_delta,
        false as probable_anomaly,
        null::double as previous_median,
        null::integer as previous_values,
    from derived
    where downloads_daily is null
    union all
    select
        day,
        model_id,
        downloads_all_time,
        days_since_previous,
        downloads_daily,
        negative_all_time_delta,
        coalesce(previous_values >= 7 and downloads_daily > 10 * greatest(previous_median, 1), false)
            as probable_anomaly,
        previous_median,
        previous_values,
    from histories
)

select
    day::date as day,
    model_id::varchar as model_id,
    downloads_all_time::bigint as downloads_all_time,
    days_since_previous::integer as days_since_previous,
    downloads_daily::bigint as downloads_daily,
    negative_all_time_delta::boolean as negative_all_time_delta,
    probable_anomaly::boolean as probable_anomaly,
    previous_median::double as previous_median,
    previous_values::integer as previous_values,
from rows
