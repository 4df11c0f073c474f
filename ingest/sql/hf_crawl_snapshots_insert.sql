-- Loads one whole-Hub crawl (HF_SCOPE=all) from its kept page files into raw.hf_model_snapshots: DuckDB reads the
-- pages itself, so the listing never passes through JavaScript objects. The caller deletes the day's rows first.
-- $files: JSON array of the pages' absolute paths; $data_dir: the data folder the pages' `file` is relative to.
-- A model listed twice (it moved across a page boundary during the crawl) keeps its first page's values.
-- top_rank: rank by 30-day downloads within the day's snapshot (ties by repo id), for the top $top_n only.
-- tracked_org: the author is one of the tracked organisations ($orgs, a JSON array).
insert into raw.hf_model_snapshots by name
with

pages as (
    select
        $data_dir || '/' || file as filename,
        page_index,
        payload_id,
        synthetic_ids,
    from meta.hf_crawl_pages
    where crawl_id = $crawl_id
),

tracked_orgs as (
    select unnest(from_json($orgs::json, '["VARCHAR"]')) as author
),

items as (
    select * from read_json(
        from_json($files::json, '["VARCHAR"]'),
        format = 'array',
        filename = true,
        columns = {
            id: 'VARCHAR',
            author: 'VARCHAR',
            downloads: 'BIGINT',
            downloadsAllTime: 'BIGINT',
            likes: 'BIGINT',
            createdAt: 'VARCHAR',
            lastModified: 'VARCHAR',
            pipeline_tag: 'VARCHAR',
            library_name: 'VARCHAR',
            tags: 'VARCHAR[]',
            safetensors: 'STRUCT(total BIGINT)'
        }
    )
    where id is not null and id <> ''
),

deduplicated as (
    select
        items.*,
        pages.payload_id,
        pages.synthetic_ids,
    from items
    inner join pages
        on pages.filename = items.filename
    qualify row_number() over (partition by items.id order by pages.page_index) = 1
),

-- The top N only (a top-N scan, not a sort of the whole listing), then ranked.
top_n as (
    select
        id as top_id,
        row_number() over (order by downloads desc nulls last, id) as downloads_rank,
    from (
        select id, downloads from deduplicated
        order by downloads desc nulls last, id
        limit $top_n
    )
),

ranked as (
    select
        deduplicated.*,
        top_n.downloads_rank,
    from deduplicated
    left join top_n
        on top_n.top_id = deduplicated.id
)

select
    $day::date as day,
    $snapshot_at::timestamp as snapshot_at,
    ranked.id as model_id,
    coalesce(nullif(ranked.author, ''), case when contains(ranked.id, '/') then split_part(ranked.id, '/', 1) end) as author,
    case when ranked.downloads >= 0 then ranked.downloads end as downloads_30d,
    case when ranked.downloadsAllTime >= 0 then ranked.downloadsAllTime end as downloads_all_time,
    case when ranked.likes >= 0 then ranked.likes end as likes,
    -- the Hub's createdAt for repos older than creation dates: unknown, not a date
    case when ranked.createdAt <> '2022-03-02T23:29:04.000Z' then try_cast(ranked.createdAt as timestamp) end as created_at,
    try_cast(ranked.lastModified as timestamp) as last_modified_at,
    nullif(ranked.pipeline_tag, '') as pipeline_tag,
    nullif(ranked.library_name, '') as library_name,
    ranked.tags,
    case when ranked.safetensors.total >= 0 then ranked.safetensors.total end as parameters,
    ranked.downloads_rank as top_rank,
    coalesce(ranked.author in (select author from tracked_orgs), false) as tracked_org,
    false as lineage_only,
    coalesce(ranked.synthetic_ids = '*' or list_contains(string_split(ranked.synthetic_ids, ','), ranked.id), false)
        as is_synthetic,
    $run_id::bigint as run_id,
    ranked.payload_id::bigint as payload_id,
from ranked
