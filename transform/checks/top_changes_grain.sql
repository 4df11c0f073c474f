-- top_changes_grain: openrouter_weekly_top_changes has one row per week x category x model, at most 20 ranked rows
-- per week x category, and exits only (rank NULL) where status says so.
with

changes as (
    select * from marts.openrouter_weekly_top_changes
)

select
    week_start,
    category,
    model_permaslug as problem,
    'duplicate model' as what,
from changes
group by week_start, category, model_permaslug
having count(*) > 1
union all
select
    week_start,
    category,
    count(*)::varchar,
    'more than 20 ranked models',
from changes
where rank is not null
group by week_start, category
having count(*) > 20
union all
select
    week_start,
    category,
    model_permaslug,
    'rank NULL without status exit, or the reverse',
from changes
where (rank is null) <> (status is not distinct from 'exit')
