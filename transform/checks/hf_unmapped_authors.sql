-- severity: warn
-- hf_unmapped_authors: authors that reached a day's top 30 but are missing from the origin registry
-- (transform/seeds/origins.csv): their downloads count as UNKNOWN until someone adds them with evidence.
with

snapshots as (
    select * from staging.stg_huggingface__model_snapshots
    where top_rank <= 30
),

origins as (
    select author from staging.stg_origins
    where platform = 'huggingface'
)

select
    coalesce(snapshots.author, '(none)') as author,
    count(distinct snapshots.model_id) as models,
    count(distinct snapshots.day) as days_in_top_30,
    min(snapshots.top_rank) as best_rank,
    max(snapshots.day) as last_seen,
from snapshots
left join origins
    on origins.author = snapshots.author
where origins.author is null
group by coalesce(snapshots.author, '(none)')
order by days_in_top_30 desc, author
