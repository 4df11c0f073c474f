-- openrouter_weekly_developer_price_grain: one row per week x level x subject; prices never negative; shares in [0, 1].
select week_start, level, subject, 'duplicate row' as problem
from marts.openrouter_weekly_developer_price
group by week_start, level, subject
having count(*) > 1
union all
select week_start, level, subject, 'price or share out of bounds'
from marts.openrouter_weekly_developer_price
where price_prompt_per_mtok < 0 or price_completion_per_mtok < 0 or priced_token_share not between 0 and 1
