-- int_hf_base_models_fallback: for each model that has base-model links on some snapshot days but not on all, the
-- links it falls back to on the others: its preferred link (int_hf_base_models_preferred) from the latest day it
-- had any. One row per such model; models with links on every snapshot day need no fallback and have no row.
-- Kept apart from the day-grained choice so that an incremental build recomputes a model's fallback days only when
-- this row changes (compared by model_id).
-- incremental: diff by model_id
with

-- one row per day x model with links: its preferred link that day
preferred as (
    select * from intermediate.int_hf_base_models_preferred
),

snapshot_days as (
    select * from intermediate.int_hf_snapshot_days
),

per_model as (
    select
        preferred.model_id,
        max(preferred.day) as latest_day,
        count(snapshot_days.day) as snapshot_days_with_links,
    from preferred
    left join snapshot_days
        on snapshot_days.day = preferred.day
    group by preferred.model_id
),

gapped as (
    select * from per_model
    where snapshot_days_with_links < (select count(*) from snapshot_days)
)

select
    preferred.model_id::varchar as model_id,
    preferred.base_model_id::varchar as base_model_id,
    preferred.relation::varchar as relation,
    gapped.latest_day::date as links_day,
from gapped
inner join preferred
    on preferred.model_id = gapped.model_id
    and preferred.day = gapped.latest_day
