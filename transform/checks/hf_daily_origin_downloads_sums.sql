-- hf_daily_origin_downloads_sums: each share sums to 1 over the origins of a day x scope x attribution
-- (where that share exists at all).
select
    day,
    scope,
    attribution,
    sum(downloads_30d_share) as downloads_30d_share,
    sum(downloads_all_time_share) as downloads_all_time_share,
    sum(downloads_daily_share) as downloads_daily_share,
from marts.hf_daily_origin_downloads
group by day, scope, attribution
having abs(sum(downloads_30d_share) - 1) > 1e-9
    or abs(sum(downloads_all_time_share) - 1) > 1e-9
    or abs(sum(downloads_daily_share) - 1) > 1e-9
