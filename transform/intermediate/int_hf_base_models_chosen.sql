-- int_hf_base_models_chosen: the one base model each model's lineage follows, per snapshot day.
-- Links: that day's links of the model when it has any, else its links from the latest day it had any (lineage is a
-- near-fixed property of a repo, so a later fetch also speaks for earlier days: int_hf_base_models_fallback).
-- Several bases: the day's preferred link (int_hf_base_models_preferred: finetune first, merge last, then by id).
-- Incremental builds recompute the dirty days and every day of the models whose fallback changed; a day becomes dirty
-- downstream only where a model's chosen base changed (links_day alone moving changes no lineage).
-- incremental: day or changed model_id; dirty on base_model_id, relation
with

-- one row per day x model with links: its preferred link that day
preferred as (
    select * from intermediate.int_hf_base_models_preferred
),

snapshot_days as (
    select * from intermediate.int_hf_snapshot_days
),

fallback as (
    select * from intermediate.int_hf_base_models_fallback
),

same_day as (
    select
        day,
        model_id,
        base_model_id,
        relation,
        day as links_day,
    from preferred
    semi join snapshot_days
        on snapshot_days.day = preferred.day
),

-- The days of a gapped model without links of their own (fallback has only models with such days).
fallback_days as (
    select
        snapshot_days.day,
        fallback.model_id,
        fallback.base_model_id,
        fallback.relation,
        fallback.links_day,
    from snapshot_days
    cross join fallback
    anti join preferred
        on preferred.model_id = fallback.model_id
        and preferred.day = snapshot_days.day
),

chosen as (
    select * from same_day
    union all
    select * from fallback_days
)

select
    day::date as day,
    model_id::varchar as model_id,
    base_model_id::varchar as base_model_id,
    relation::varchar as relation,
    links_day::date as links_day,
from chosen
