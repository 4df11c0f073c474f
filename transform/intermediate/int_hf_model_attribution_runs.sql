-- int_hf_model_attribution_runs: the origin of every model under both attributions, one row per model x author x run
-- of snapshot days with the same lineage (first_day..last_day). int_hf_models_attributed spreads it over the snapshot
-- rows (a view), and the day-grained readers join it on model_id, author and the day's range instead of reading one
-- row per model and day: a year of 20k models is about 20k rows here instead of 7.3M.
-- uploader: the country of the repo's author in the registry. lineage: the country of the author of the model's root,
-- reached by following the chosen base model (int_hf_base_models_chosen) until a model has none.
-- REDIST authors (quantizers, repackagers) never count as an origin: under uploader the first non-REDIST model up the
-- chain decides; a chain of only REDIST models, an author missing from the registry, or a root whose author is
-- REDIST or missing gives UNKNOWN (its own bucket, never "not Chinese").
-- The walk stops after 20 steps or when a base model repeats (a cycle in the metadata): lineage_complete is then
-- false and the last new model counts as the root.
-- The walk runs once per model and run of days with the same chosen parents (not once per day): the chosen base of
-- each model is grouped into runs of consecutive snapshot days, each step intersects the day ranges. A year of days
-- with stable links costs about one day's walk. A model's author is that of its snapshot rows (the Hub's author, or
-- the repo namespace): each author a model's rows carry gets the model's runs.
-- Rebuilt in full on every build (no incremental mode): it reads every snapshot day's model and author and every
-- chosen base, a few seconds at a year of 20k models, and holds no day-grained rows.
with recursive

-- Each author a model's snapshot rows carry (one, unless the Hub's author field changed): a few rows per model.
model_authors as (
    select distinct
        model_id,
        author,
    from staging.stg_huggingface__model_snapshots
),

-- Read where it is used, not written aside once (three readers of millions of rows: a scan is cheaper).
parents as not materialized (
    select
        day,
        model_id,
        base_model_id,
    from intermediate.int_hf_base_models_chosen
),

origins as (
    select
        author,
        organisation,
        country,
    from staging.stg_origins
    where platform = 'huggingface'
),

-- Most models follow one base on every day: one run each, without ordering their days.
parent_bases as (
    select
        model_id,
        min(base_model_id) <> max(base_model_id) as several_bases,
        min(base_model_id) as base_model_id,
        min(day) as first_day,
        max(day) as last_day,
    from parents
    group by model_id
),

day_indexes as (
    select
        day,
        row_number() over (order by day) as day_index,
    from (select distinct day from parents)
),

-- The others: runs of consecutive snapshot days with the same base (a model with links has a chosen base on every
-- snapshot day, its own or its fallback, so its runs cover them all).
parent_runs as (
    select
        model_id,
        base_model_id,
        first_day,
        last_day,
    from parent_bases
    where not several_bases
    union all
    select
        model_id,
        base_model_id,
        min(day) as first_day,
        max(day) as last_day,
    from (
        select
            parents.model_id,
            parents.base_model_id,
            parents.day,
            day_indexes.day_index
                - row_number() over (partition by parents.model_id, parents.base_model_id order by parents.day)
                as run,
        from parents
        semi join parent_bases
            on parent_bases.model_id = parents.model_id
            and parent_bases.several_bases
        inner join day_indexes
            on day_indexes.day = parents.day
    )
    group by model_id, base_model_id, run
),

day_span as (
    select
        min(day) as first_day,
        max(day) as last_day,
    from staging.stg_huggingface__model_snapshots
),

walk as (
    select
        models.model_id,
        models.model_id as node_id,
        coalesce(parent_runs.first_day, day_span.first_day) as first_day,
        coalesce(parent_runs.last_day, day_span.last_day) as last_day,
        0 as depth,
        [models.model_id] as path,
        parent_runs.base_model_id as next_id,
    from (select distinct model_id from model_authors) as models
    cross join day_span
    left join parent_runs
        on parent_runs.model_id = models.model_id
    union all
    select
        walk.model_id,
        walk.next_id as node_id,
        greatest(walk.first_day, coalesce(parent_runs.first_day, walk.first_day)) as first_day,
        least(walk.last_day, coalesce(parent_runs.last_day, walk.last_day)) as last_day,
        walk.depth + 1 as depth,
        list_append(walk.path, walk.next_id) as path,
        parent_runs.base_model_id as next_id,
    from walk
    left join parent_runs
        on parent_runs.model_id = walk.next_id
        and parent_runs.first_day <= walk.last_day
        and parent_runs.last_day >= walk.first_day
    where walk.next_id is not null
        and walk.depth < 20
        and not list_contains(walk.path, walk.next_id)
),

-- Where a walk ends: a node without a parent (complete), or the bound or a repeated model (incomplete).
ends as (
    select
        row_number() over () as end_id,
        model_id,
        node_id as lineage_root_id,
        first_day,
        last_day,
        depth as lineage_depth,
        path,
        next_id is null as lineage_complete,
    from walk
    where next_id is null
        or depth >= 20
        or list_contains(path, next_id)
),

-- The models past the first on each path, with the registry entry of their namespace.
path_nodes as (
    select
        ends.end_id,
        path_node.node_id,
        path_node.depth,
        origins.organisation,
        origins.country,
    from ends
    cross join unnest(ends.path[2:]) with ordinality as path_node(node_id, depth)
    left join origins
        on origins.author = case when contains(path_node.node_id, '/') then split_part(path_node.node_id, '/', 1) end
),

-- Under uploader, the first model up the chain (past the first) whose author is not REDIST. Its organisation and
-- country are that model's, NULL included (an author missing from the registry gives UNKNOWN): arg_min_null, as
-- arg_min skips rows whose value is NULL and would take them from a registered model further up.
upstream_uploaders as (
    select
        end_id,
        arg_min(node_id, depth) as node_id,
        arg_min_null(organisation, depth) as organisation,
        arg_min_null(country, depth) as country,
    from path_nodes
    where country is distinct from 'REDIST'
    group by end_id
),

roots as (
    select
        ends.*,
        path_nodes.organisation,
        path_nodes.country,
        upstream_uploaders.node_id as upstream_uploader_id,
        upstream_uploaders.organisation as upstream_organisation,
        upstream_uploaders.country as upstream_country,
    from ends
    left join path_nodes
        on path_nodes.end_id = ends.end_id
        and path_nodes.depth = ends.lineage_depth
    left join upstream_uploaders
        on upstream_uploaders.end_id = ends.end_id
),

resolved as (
    select
        model_authors.model_id,
        model_authors.author,
        roots.first_day,
        roots.last_day,
        author_origins.country is distinct from 'REDIST' as uploader_is_author,
        roots.lineage_root_id,
        roots.lineage_depth,
        roots.lineage_complete,
        roots.upstream_uploader_id,
        roots.upstream_organisation,
        roots.upstream_country,
        case when roots.lineage_depth = 0 then author_origins.organisation else roots.organisation end
            as root_organisation,
        case when roots.lineage_depth = 0 then author_origins.country else roots.country end as root_country,
        author_origins.organisation as author_organisation,
        author_origins.country as author_country,
    from model_authors
    inner join roots
        on roots.model_id = model_authors.model_id
    left join origins as author_origins
        on author_origins.author = model_authors.author
),

attributed as (
    select
        model_id,
        author,
        first_day,
        last_day,
        case when uploader_is_author then model_id else upstream_uploader_id end as uploader_resolved_id,
        coalesce(case when uploader_is_author then author_country else upstream_country end, 'UNKNOWN')
            as origin_country_uploader,
        case when uploader_is_author then author_organisation else upstream_organisation end as organisation_uploader,
        lineage_root_id,
        lineage_depth,
        lineage_complete,
        case
            when root_country is null or root_country = 'REDIST' then 'UNKNOWN'
            else root_country
        end as origin_country_lineage,
        case when root_country <> 'REDIST' then root_organisation end as organisation_lineage,
    from resolved
)

select
    model_id::varchar as model_id,
    author::varchar as author,
    first_day::date as first_day,
    last_day::date as last_day,
    uploader_resolved_id::varchar as uploader_resolved_id,
    origin_country_uploader::varchar as origin_country_uploader,
    organisation_uploader::varchar as organisation_uploader,
    lineage_root_id::varchar as lineage_root_id,
    lineage_depth::integer as lineage_depth,
    lineage_complete::boolean as lineage_complete,
    origin_country_lineage::varchar as origin_country_lineage,
    organisation_lineage::varchar as organisation_lineage,
from attributed
