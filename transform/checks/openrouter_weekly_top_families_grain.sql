-- openrouter_weekly_top_families_grain: one row per week x category x family, and ranks 1..n without gaps.
select week_start, category, family_slug, count(*) as rows
from marts.openrouter_weekly_top_families
group by week_start, category, family_slug
having count(*) > 1
union all
select week_start, category, 'ranks not 1..n', count(*)
from marts.openrouter_weekly_top_families
group by week_start, category
having max(rank) <> count(*) or min(rank) <> 1
