-- int_openrouter_rankings_scoped: the latest values that feed the weekly marts.
-- Category 'all' comes from the exact daily dataset (period = 'day'); every other category from the weekly
-- category estimates (period = 'week', one value per week already). A weekly estimate for 'all' is not used.
with

latest as (
    select * from intermediate.int_openrouter_rankings_latest
),

in_scope as (
    select * from latest
    where (period = 'day' and category = 'all')
        or (period = 'week' and category <> 'all')
)

select * from in_scope
