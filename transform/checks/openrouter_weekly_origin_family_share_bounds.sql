-- openrouter_weekly_origin_family_share_bounds: one row per week x category x origin; counts within 0..N, shares
-- within [0, 1] with low <= high, and the open / closed / unknown-weights tokens add up to the origin's tokens.
select week_start, category, origin_country, 'duplicate row' as problem
from marts.openrouter_weekly_origin_family_share
group by week_start, category, origin_country
having count(*) > 1
union all
select week_start, category, origin_country, 'count or share out of bounds'
from marts.openrouter_weekly_origin_family_share
where families_in_top_10 not between 0 and 10
    or families_in_top_20 not between 0 and 20
    or families_in_top_50 not between 0 and 50
    or open_token_share_all_low not between 0 and 1
    or open_token_share_all_high not between 0 and 1
    or open_token_share_all_low > open_token_share_all_high
    or open_token_share_top50 not between 0 and 1
union all
select week_start, category, origin_country, 'weights statuses do not add up to the origin total'
from marts.openrouter_weekly_origin_family_share
where open_tokens + closed_tokens + unknown_weights_tokens <> total_tokens
