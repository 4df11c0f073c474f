-- int_hf_base_models_chosen: the one base model each model's lineage follows, per snapshot day.
-- Links: that day's links of the model when it has any, else its links from the latest day it had any (lineage is a
-- near-fixed property of a repo, so a later fetch also speaks for earlier days).
-- Several bases: prefer finetune, then quantized, adapter, unspecified, and merge last (a merge has no single
-- parent); ties go to the alphabetically first base_model_id, so the choice is deterministic.
-- A row changes only where its links_day is a changed day (its links are that day's), so incremental builds compare those.
-- incremental: diff on links_day
with

links as (
    select * from staging.stg_huggingface__base_models
),

snapshot_days as (
    select distinct day from staging.stg_huggingface__model_snapshots
),

link_days as (
    select distinct model_id, day from links
),

latest_link_days as (
    select
        model_id,
        max(day) as latest_day,
    from link_days
    group by model_id
),

days_to_use as (
    select
        snapshot_days.day,
        latest_link_days.model_id,
        coalesce(same_day.day, latest_link_days.latest_day) as links_day,
    from snapshot_days
    cross join latest_link_days
    left join link_days as same_day
        on same_day.model_id = latest_link_days.model_id
        and same_day.day = snapshot_days.day
),

ranked as (
    select
        days_to_use.day,
        links.model_id,
        links.base_model_id,
        links.relation,
        days_to_use.links_day,
        row_number() over (
            partition by days_to_use.day, links.model_id
            order by
                case links.relation
                    when 'finetune' then 1
                    when 'quantized' then 2
                    when 'adapter' then 3
                    when 'unspecified' then 4
                    when 'merge' then 5
                    else 6
                end,
                links.base_model_id
        ) as preference,
    from days_to_use
    inner join links
        on links.model_id = days_to_use.model_id
        and links.day = days_to_use.links_day
)

select
    day::date as day,
    model_id::varchar as model_id,
    base_model_id::varchar as base_model_id,
    relation::varchar as relation,
    links_day::date as links_day,
from ranked
where preference = 1
