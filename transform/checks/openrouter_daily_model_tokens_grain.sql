-- openrouter_daily_model_tokens_grain: one row per day x category x model_permaslug.
select
    day,
    category,
    model_permaslug,
    count(*) as rows,
from marts.openrouter_daily_model_tokens
group by day, category, model_permaslug
having count(*) > 1
