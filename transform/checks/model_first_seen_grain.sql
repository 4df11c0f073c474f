-- model_first_seen_grain: one row per channel x model.
select
    channel,
    model_id,
    count(*) as rows,
from marts.model_first_seen
group by channel, model_id
having count(*) > 1
