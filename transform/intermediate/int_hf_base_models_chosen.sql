-- int_hf_base_models_chosen: the one base model each model's lineage follows, per snapshot day.
-- Links: that day's links of the model when it has any, else its links from the latest day it had any (lineage is a
-- near-fixed property of a repo, so a later fetch also speaks for earlier days: int_hf_base_models_fallback).
-- Several bases: prefer finetune, then quantized, adapter, unspecified, and merge last (a merge has no single
-- parent); ties go to the alphabetically first base_model_id, so the choice is deterministic.
-- Incremental builds recompute the dirty days and every day of the models whose fallback changed; a day becomes dirty
-- downstream only where a model's chosen base changed (links_day alone moving changes no lineage).
-- incremental: day or changed model_id; dirty on base_model_id, relation
with

links as (
    select * from staging.stg_huggingface__base_models
),

snapshot_days as (
    select * from intermediate.int_hf_snapshot_days
),

fallback as (
    select * from intermediate.int_hf_base_models_fallback
),

same_day_ranked as (
    select
        links.day,
        links.model_id,
        links.base_model_id,
        links.relation,
        row_number() over (
            partition by links.day, links.model_id
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
    from links
    semi join snapshot_days
        on snapshot_days.day = links.day
),

same_day as (
    select
        day,
        model_id,
        base_model_id,
        relation,
        day as links_day,
    from same_day_ranked
    where preference = 1
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
    anti join links
        on links.model_id = fallback.model_id
        and links.day = snapshot_days.day
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
