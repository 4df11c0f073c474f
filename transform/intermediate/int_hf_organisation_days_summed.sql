-- int_hf_organisation_days_summed: tracked models' downloads per day x scope x attribution x organisation x
-- origin_country (organisation 'UNKNOWN' = no registry organisation), for developer_downloads, which reads the rows of
-- each week's snapshot day. Sums skip NULLs and stay NULL when no model of the group has the value;
-- models_with_all_time says how many contributed. downloads_30d is a rolling count: summed across models of one day,
-- never across days.
-- It reads each day's sums per scope set, organisation and origin spread over scopes and attributions
-- (int_hf_scoped_days_spread, a few dozen rows a day): the same sums as over one row per model, scope and attribution.
-- incremental: day
with

spread as (
    select * from intermediate.int_hf_scoped_days_spread
)

-- Sums of sums: NULL only where every model's value was NULL, as a sum over the models is.
select
    day::date as day,
    scope::varchar as scope,
    attribution::varchar as attribution,
    coalesce(organisation, 'UNKNOWN')::varchar as organisation,
    origin_country::varchar as origin_country,
    sum(models)::bigint as models,
    sum(downloads_30d)::bigint as downloads_30d,
    sum(models_with_all_time)::bigint as models_with_all_time,
    sum(downloads_all_time)::bigint as downloads_all_time,
from spread
group by day, scope, attribution, coalesce(organisation, 'UNKNOWN'), origin_country
