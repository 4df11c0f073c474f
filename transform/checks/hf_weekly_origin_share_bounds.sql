-- hf_weekly_origin_share_bounds: shares within [0, 1]; downloads and counts never negative.
select *
from marts.hf_weekly_origin_share
where downloads_30d_share not between 0 and 1
    or downloads_all_time_share not between 0 and 1
    or downloads_30d < 0
    or downloads_all_time < 0
    or models < 1
    or models_with_all_time not between 0 and models
