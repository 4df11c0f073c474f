-- hf_daily_origin_downloads_bounds: shares within [0, 1]; downloads and counts never negative (a negative daily
-- difference must have become NULL with a flag, not a negative number).
select *
from marts.hf_daily_origin_downloads
where downloads_30d_share not between 0 and 1
    or downloads_all_time_share not between 0 and 1
    or downloads_daily_share not between 0 and 1
    or downloads_30d < 0
    or downloads_all_time < 0
    or downloads_daily < 0
    or models < 1
    or models_with_all_time not between 0 and models
    or models_with_daily not between 0 and models
