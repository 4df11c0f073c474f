-- hf_weekly_origin_share_grain: one row per week_start x scope x attribution x origin_country, all from one snapshot day.
select
    week_start,
    scope,
    attribution,
    origin_country,
    count(*) as rows,
from marts.hf_weekly_origin_share
group by week_start, scope, attribution, origin_country
having count(*) > 1
union all
select
    week_start,
    null as scope,
    null as attribution,
    null as origin_country,
    count(distinct snapshot_day) as rows,
from marts.hf_weekly_origin_share
group by week_start
having count(distinct snapshot_day) > 1 or min(date_trunc('week', snapshot_day)::date) <> week_start
