-- hf_weekly_origin_share_sums: each share sums to 1 over the origins of a week x scope x attribution.
select
    week_start,
    scope,
    attribution,
    sum(downloads_30d_share) as downloads_30d_share,
    sum(downloads_all_time_share) as downloads_all_time_share,
from marts.hf_weekly_origin_share
group by week_start, scope, attribution
having abs(sum(downloads_30d_share) - 1) > 1e-9
    or abs(sum(downloads_all_time_share) - 1) > 1e-9
