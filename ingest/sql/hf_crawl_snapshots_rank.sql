-- top_rank of one whole-Hub day: rank by 30-day downloads within the day's snapshot (ties by repo id), for the top
-- $top_n only. A top-N over two columns of the loaded rows (not a sort of the whole listing), then an update of
-- those N rows.
update raw.hf_model_snapshots
set top_rank = top_n.downloads_rank
from (
    select
        model_id as top_id,
        row_number() over (order by downloads_30d desc nulls last, model_id)::integer as downloads_rank,
    from (
        select model_id, downloads_30d from raw.hf_model_snapshots
        where day = $day::date
        order by downloads_30d desc nulls last, model_id
        limit $top_n
    )
) as top_n
where raw.hf_model_snapshots.day = $day::date
    and raw.hf_model_snapshots.model_id = top_n.top_id
