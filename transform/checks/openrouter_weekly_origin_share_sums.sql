-- openrouter_weekly_origin_share_sums: token_share_top50 sums to 1 per week x category (within 1e-9).
select
    week_start,
    category,
    sum(token_share_top50) as share_sum,
from marts.openrouter_weekly_origin_share
group by week_start, category
having count(token_share_top50) > 0
    and abs(sum(token_share_top50) - 1) > 1e-9
