-- int_hf_models_attributed: the origin of every snapshot row under both attributions, one row per day x model.
-- uploader: the country of the repo's author in the registry. lineage: the country of the author of the model's root,
-- reached by following the chosen base model (int_hf_base_models_chosen) until a model has none.
-- REDIST authors (quantizers, repackagers) never count as an origin: under uploader the first non-REDIST model up the
-- chain decides; a chain of only REDIST models, an author missing from the registry, or a root whose author is
-- REDIST or missing gives UNKNOWN (its own bucket, never "not Chinese").
-- The walk stops after 20 steps or when a base model repeats (a cycle in the metadata): lineage_complete is then
-- false and the last new model counts as the root.
-- incremental: day
with recursive

snapshots as (
    select
        day,
        model_id,
        author,
    from staging.stg_huggingface__model_snapshots
),

parents as (
    select * from intermediate.int_hf_base_models_chosen
),

origins as (
    select
        author,
        organisation,
        country,
    from staging.stg_origins
    where platform = 'huggingface'
),

walk as (
    select
        day,
        model_id,
        model_id as node_id,
        author as node_author,
        0 as depth,
        [model_id] as path,
    from snapshots
    union all
    select
        walk.day,
        walk.model_id,
        parents.base_model_id as node_id,
        case when contains(parents.base_model_id, '/') then split_part(parents.base_model_id, '/', 1) end
            as node_author,
        walk.depth + 1 as depth,
        list_append(walk.path, parents.base_model_id) as path,
    from walk
    inner join parents
        on parents.day = walk.day
        and parents.model_id = walk.node_id
    where walk.depth < 20
        and not list_contains(walk.path, parents.base_model_id)
),

nodes as (
    select
        walk.day,
        walk.model_id,
        walk.node_id,
        walk.depth,
        origins.organisation,
        origins.country,
    from walk
    left join origins
        on origins.author = walk.node_author
),

uploader_nodes as (
    select * from nodes
    where country is distinct from 'REDIST'
    qualify row_number() over (partition by day, model_id order by depth) = 1
),

roots as (
    select * from nodes
    qualify row_number() over (partition by day, model_id order by depth desc) = 1
),

attributed as (
    select
        snapshots.day,
        snapshots.model_id,
        snapshots.author,
        uploader_nodes.node_id as uploader_resolved_id,
        coalesce(uploader_nodes.country, 'UNKNOWN') as origin_country_uploader,
        uploader_nodes.organisation as organisation_uploader,
        roots.node_id as lineage_root_id,
        roots.depth as lineage_depth,
        root_parents.model_id is null as lineage_complete,
        case
            when roots.country is null or roots.country = 'REDIST' then 'UNKNOWN'
            else roots.country
        end as origin_country_lineage,
        case when roots.country <> 'REDIST' then roots.organisation end as organisation_lineage,
    from snapshots
    inner join roots
        on roots.day = snapshots.day
        and roots.model_id = snapshots.model_id
    left join uploader_nodes
        on uploader_nodes.day = snapshots.day
        and uploader_nodes.model_id = snapshots.model_id
    left join parents as root_parents
        on root_parents.day = roots.day
        and root_parents.model_id = roots.node_id
)

select
    day::date as day,
    model_id::varchar as model_id,
    author::varchar as author,
    uploader_resolved_id::varchar as uploader_resolved_id,
    origin_country_uploader::varchar as origin_country_uploader,
    organisation_uploader::varchar as organisation_uploader,
    lineage_root_id::varchar as lineage_root_id,
    lineage_depth::integer as lineage_depth,
    lineage_complete::boolean as lineage_complete,
    origin_country_lineage::varchar as origin_country_lineage,
    organisation_lineage::varchar as organisation_lineage,
from attributed
