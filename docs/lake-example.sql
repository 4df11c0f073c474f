-- The daily Chinese share of the Hub's top 100 by 30-day downloads, under lineage attribution, straight over the
-- Parquet lake: no adoption-tracker, no live database. Run from the repository root (for the registry CSV):
--
--   duckdb -c "set variable lake = 'data/lake'; .read docs/lake-example.sql"
--
-- A cluster runs the same SQL with only the lake's location changed (s3://bucket/lake, ...): see docs/performance.md.
-- It equals marts.hf_origin_top_n (scope 'all', attribution 'lineage', top_n 100, origin_country 'CN',
-- downloads_30d_share) on every day whose models' base links were collected that day (the mart also falls back to
-- a model's latest links from another day); test/db/lake-example.test.ts checks it.
with recursive

snapshots as (
    select day, model_id, downloads_30d
    from read_parquet(getvariable('lake') || '/hf_model_snapshots/*/*.parquet')
    where top_rank <= 100
        and not lineage_only
),

-- The one base each model follows: finetune, then quantized, adapter, unspecified, merge; ties by id.
parents as (
    select day, model_id, base_model_id
    from read_parquet(getvariable('lake') || '/hf_model_base_models/*/*.parquet')
    where base_model_id <> model_id
    qualify row_number() over (
        partition by day, model_id
        order by
            case relation when 'finetune' then 1 when 'quantized' then 2 when 'adapter' then 3
                when 'unspecified' then 4 when 'merge' then 5 else 6 end,
            base_model_id
    ) = 1
),

walk as (
    select day, model_id, model_id as node_id, 0 as depth, [model_id] as path
    from snapshots
    union all
    select walk.day, walk.model_id, parents.base_model_id, walk.depth + 1, list_append(walk.path, parents.base_model_id)
    from walk
    inner join parents
        on parents.day = walk.day
        and parents.model_id = walk.node_id
    where walk.depth < 20
        and not list_contains(walk.path, parents.base_model_id)
),

roots as (
    select day, model_id, node_id
    from walk
    qualify row_number() over (partition by day, model_id order by depth desc) = 1
),

origins as (
    select author, country
    from read_csv('transform/seeds/origins.csv', all_varchar = true)
    where platform = 'huggingface'
)

select
    snapshots.day,
    sum(snapshots.downloads_30d) filter (where origins.country = 'CN') / sum(snapshots.downloads_30d) as cn_share_top100_lineage,
from snapshots
inner join roots
    on roots.day = snapshots.day
    and roots.model_id = snapshots.model_id
left join origins
    on origins.author = split_part(roots.node_id, '/', 1)
group by snapshots.day
order by snapshots.day;
