-- openrouter_weekly_origin_share_bounds: every share within [0, 1], and the low bound never above the high bound.
select
    week_start,
    category,
    origin_country,
    token_share_top50,
    token_share_all_low,
    token_share_all_high,
from marts.openrouter_weekly_origin_share
where token_share_top50 not between 0 and 1
    or token_share_all_low not between 0 and 1
    or token_share_all_high not between 0 and 1
    or token_share_all_low > token_share_all_high
