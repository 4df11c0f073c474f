-- int_hf_organisation_days_summed: tracked models' downloads per day x scope x attribution x organisation x
-- origin_country (organisation 'UNKNOWN' = no registry organisation), for developer_downloads, which reads the rows of
-- each week's snapshot day. Sums skip NULLs and stay NULL when no model of the group has the value;
-- models_with_all_time says how many contributed. downloads_30d is a rolling count: summed across models of one day,
-- never across days.
-- incremental: day
with

scoped as (
    select * from intermediate.int_hf_snapshots_scoped
)

select
    day::date as day,
    scope::varchar as scope,
    attribution::varchar as attribution,
    coalesce(organisation, 'UNKNOWN')::varchar as organisation,
    origin_country::varchar as origin_country,
    count(*)::bigint as models,
    sum(downloads_30d)::bigint as downloads_30d,
    count(downloads_all_time)::bigint as models_with_all_time,
    sum(downloads_all_time)::bigint as downloads_all_time,
from scoped
group by day, scope, attribution, coalesce(organisation, 'UNKNOWN'), origin_country
