-- developer_downloads: how many Hugging Face downloads does each developer organisation (Alibaba, Meta, DeepSeek, ...) have, week by week?
-- grain: one row per week_start x scope x attribution x organisation with at least one tracked model on the week's snapshot day.
-- units: models and models_with_all_time = counts of models; downloads_* = downloads (BIGINT); as_of = UTC timestamp.
-- definition: organisation = the registry's organisation of the model's origin under the attribution: 'uploader' = the repo's author, 'lineage' = the author of the base-model chain's root; a REDIST repo takes its base model's organisation under both. 'UNKNOWN' = no registry entry or no known base (origin_country UNKNOWN too).
-- definition: values are those of the week's last snapshot day (snapshot_day; weeks start Monday UTC; is_complete_week = it is the Sunday), over the tracked models of hf_daily_origin_downloads, per scope ('all', 'llm', 'atom').
-- definition: downloads_30d = sum of the Hub's rolling 30-day counts on that day (never add days together); downloads_all_time = cumulative downloads summed over the models_with_all_time models that report it, NULL when none does (the shipped history has none).
-- definition: as_of = the latest snapshot_at of the snapshot day.
with

-- per day x scope x attribution x organisation x origin_country, so that only the snapshot days' rows are read
organisation_days as (
    select * from intermediate.int_hf_organisation_days_summed
),

-- the week's last day with tracked models (the rule and is_complete_week: int_hf_week_snapshot_days)
weeks as (
    select * from intermediate.int_hf_week_snapshot_days
    where ranked_depth = 0
),

-- the day's latest snapshot_at
day_as_of as (
    select * from intermediate.int_hf_tracked_days
),

summed as (
    select
        weeks.week_start,
        weeks.snapshot_day,
        weeks.is_complete_week,
        organisation_days.*,
    from weeks
    inner join organisation_days
        on organisation_days.day = weeks.snapshot_day
)

select
    summed.week_start::date as week_start,
    summed.scope::varchar as scope,
    summed.attribution::varchar as attribution,
    summed.organisation::varchar as organisation,
    summed.origin_country::varchar as origin_country,
    summed.snapshot_day::date as snapshot_day,
    summed.is_complete_week::boolean as is_complete_week,
    summed.models::integer as models,
    summed.downloads_30d::bigint as downloads_30d,
    summed.models_with_all_time::integer as models_with_all_time,
    summed.downloads_all_time::bigint as downloads_all_time,
    day_as_of.as_of::timestamp as as_of,
from summed
inner join day_as_of
    on day_as_of.day = summed.snapshot_day
order by week_start, scope, attribution, downloads_all_time desc nulls last, downloads_30d desc nulls last, organisation
