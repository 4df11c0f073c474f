-- hf_developer_downloads_grain: one row per week_start x scope x attribution x organisation (an organisation the
-- registry gives two countries would appear twice: fix the registry), downloads never negative.
select
    week_start,
    scope,
    attribution,
    organisation,
    count(*) as rows,
from marts.developer_downloads
group by week_start, scope, attribution, organisation
having count(*) > 1
union all
select
    week_start,
    scope,
    attribution,
    organisation,
    1 as rows,
from marts.developer_downloads
where downloads_30d < 0 or downloads_all_time < 0
