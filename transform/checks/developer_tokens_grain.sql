-- developer_tokens_grain: openrouter_weekly_developer_tokens has one row per week x category x organisation x
-- origin, and its shares sum to 1 per week x category.
with

developers as (
    select * from marts.openrouter_weekly_developer_tokens
)

select
    week_start,
    category,
    organisation || ' / ' || origin_country as problem,
    'duplicate organisation' as what,
from developers
group by week_start, category, organisation, origin_country
having count(*) > 1
union all
select
    week_start,
    category,
    sum(token_share_top50)::varchar,
    'shares do not sum to 1',
from developers
group by week_start, category
having abs(sum(token_share_top50) - 1) > 1e-9
