-- hf_top_models_grain: one row per day x rank, one rank per day x model, downloads never negative.
select
    day,
    rank,
    null as model_id,
    count(*) as rows,
from marts.hf_top_models
group by day, rank
having count(*) > 1
union all
select
    day,
    null as rank,
    model_id,
    count(*) as rows,
from marts.hf_top_models
group by day, model_id
having count(*) > 1
union all
select
    day,
    rank,
    model_id,
    1 as rows,
from marts.hf_top_models
where downloads_30d < 0 or downloads_all_time < 0
