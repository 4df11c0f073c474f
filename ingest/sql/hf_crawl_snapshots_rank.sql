-- top_rank of one whole-Hub day again, after its repeated models were deleted (hf_crawl_snapshots_dedup.sql): the
-- crawl's top N counted every listing of a repeated model, and the row kept may be the lower count. Rank by 30-day
-- downloads within the day's snapshot (ties by repo id), for the top $top_n only: a top-N over two columns of the
-- loaded rows, then an update of the rows whose rank changes (a rank given or taken away).
update raw.hf_model_snapshots
set top_rank = changes.downloads_rank
from (
    select
        coalesce(ranked_before.model_id, top_n.top_id) as target_id,
        top_n.downloads_rank,
    from (
        select model_id from raw.hf_model_snapshots
        where day = $day::date and top_rank is not null
    ) as ranked_before
    full outer join (
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
        on top_n.top_id = ranked_before.model_id
) as changes
where raw.hf_model_snapshots.day = $day::date
    and raw.hf_model_snapshots.model_id = changes.target_id
    and raw.hf_model_snapshots.top_rank is distinct from changes.downloads_rank
