-- openrouter_weekly_origin_share_grain: one row per week x category x origin_country.
select
    week_start,
    category,
    origin_country,
    count(*) as rows,
from marts.openrouter_weekly_origin_share
group by week_start, category, origin_country
having count(*) > 1
