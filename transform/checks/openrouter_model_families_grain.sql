-- openrouter_model_families_grain: one row per permaslug, and every family keeps its author (the slug prefix).
select model_permaslug, count(*) as rows, 'duplicate permaslug' as problem
from marts.openrouter_model_families
group by model_permaslug
having count(*) > 1
union all
select family_slug, count(distinct author), 'a family spans authors'
from marts.openrouter_model_families
group by family_slug
having count(distinct author) > 1
