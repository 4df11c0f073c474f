-- int_hf_base_models_fallback: for each model that has base-model links on some snapshot days but not on all, the
-- links it falls back to on the others: its best link (int_hf_base_models_chosen's preference) from the latest day it
-- had any. One row per such model; models with links on every snapshot day need no fallback and have no row.
-- Kept apart from the day-grained choice so that an incremental build recomputes a model's fallback days only when
-- this row changes (compared by model_id).
-- incremental: diff by model_id
with

links as (
    select * from staging.stg_huggingface__base_models
),

snapshot_days as (
    select * from intermediate.int_hf_snapshot_days
),

link_days as (
    select distinct model_id, day from links
),

per_model as (
    select
        link_days.model_id,
        max(link_days.day) as latest_day,
        count(snapshot_days.day) as snapshot_days_with_links,
    from link_days
    left join snapshot_days
        on snapshot_days.day = link_days.day
    group by link_days.model_id
),

gapped as (
    select * from per_model
    where snapshot_days_with_links < (select count(*) from snapshot_days)
),

ranked as (
    select
        links.model_id,
        links.base_model_id,
        links.relation,
        gapped.latest_day as links_day,
        row_number() over (
            partition by links.model_id
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
    from gapped
    inner join links
        on links.model_id = gapped.model_id
        and links.day = gapped.latest_day
)

select
    model_id::varchar as model_id,
    base_model_id::varchar as base_model_id,
    relation::varchar as relation,
    links_day::date as links_day,
from ranked
where preference = 1
