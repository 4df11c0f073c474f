-- hf_daily_origin_downloads_grain: one row per day x scope x attribution x origin_country.
select
    day,
    scope,
    attribution,
    origin_country,
    count(*) as rows,
from marts.hf_daily_origin_downloads
group by day, scope, attribution, origin_country
having count(*) > 1
