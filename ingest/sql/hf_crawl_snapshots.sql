-- One whole-Hub crawl (HF_SCOPE=all) as raw.hf_model_snapshots rows, read by DuckDB from the kept page files in one
-- streaming pass: the listing never passes through JavaScript objects, and nothing here holds the whole listing (no
-- window, no sort, no CTE read twice). ingest/huggingface.ts inserts this select under the table's declared column
-- list (db/raw-tables.ts), after deleting the day's rows. Only when the day repeats a model (rare: a model moved
-- across a page boundary mid-crawl) does it then delete the repeats (hf_crawl_snapshots_dedup.sql) and rank again
-- (hf_crawl_snapshots_rank.sql): an update of rows loaded in the same transaction makes the commit write them again.
-- $files: JSON array of the kept files' absolute paths, each once; $data_dir: the data folder pages' `file` is
-- relative to.
-- top_rank: $top_models, the top N ids by 30-day downloads (ties by id), best first, which the crawl kept while the
-- pages streamed past (ingest/hub-crawl.ts TopModels).
-- tracked_org: the author is one of the tracked organisations ($orgs, a JSON array).
with

-- Each page with the index of its file in $files: the rows are joined to their pages on read_json's file_index (an
-- integer) rather than on each row's file name (a string of the full path, hashed per row).
pages as (
    select
        files.file_index,
        pages.payload_id,
        pages.synthetic_ids,
    from meta.hf_crawl_pages as pages
    inner join (
        select
            unnest(file_list) as filename,
            (generate_subscripts(file_list, 1) - 1)::ubigint as file_index,
        from (select from_json($files::json, '["VARCHAR"]') as file_list)
    ) as files
        on files.filename = $data_dir || '/' || pages.file
    where pages.crawl_id = $crawl_id
),

top_n as (
    select
        unnest(top_ids) as top_id,
        generate_subscripts(top_ids, 1) as downloads_rank,
    from (select from_json($top_models::json, '["VARCHAR"]') as top_ids)
),

tracked_orgs as (
    select unnest(from_json($orgs::json, '["VARCHAR"]')) as author
),

-- The Hub's fields as typed columns: no schema detection pass over the files. file_index: the row's file's position
-- in $files (read_json's virtual column).
items as (
    select *, file_index from read_json(
        from_json($files::json, '["VARCHAR"]'),
        format = 'array',
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
)

select
    $day::date as day,
    $snapshot_at::timestamp as snapshot_at,
    items.id as model_id,
    coalesce(nullif(items.author, ''), case when contains(items.id, '/') then split_part(items.id, '/', 1) end) as author,
    case when items.downloads >= 0 then items.downloads end as downloads_30d,
    case when items.downloadsAllTime >= 0 then items.downloadsAllTime end as downloads_all_time,
    case when items.likes >= 0 then items.likes end as likes,
    -- the Hub's createdAt for repos older than creation dates: unknown, not a date
    case when items.createdAt <> '2022-03-02T23:29:04.000Z' then try_cast(items.createdAt as timestamp) end as created_at,
    try_cast(items.lastModified as timestamp) as last_modified_at,
    nullif(items.pipeline_tag, '') as pipeline_tag,
    nullif(items.library_name, '') as library_name,
    items.tags,
    case when items.safetensors.total >= 0 then items.safetensors.total end as parameters,
    top_n.downloads_rank::integer as top_rank,
    coalesce(items.author in (select author from tracked_orgs), false) as tracked_org,
    false as lineage_only,
    coalesce(pages.synthetic_ids = '*' or list_contains(string_split(pages.synthetic_ids, ','), items.id), false)
        as is_synthetic,
    $run_id::bigint as run_id,
    pages.payload_id::bigint as payload_id,
from items
inner join pages
    on pages.file_index = items.file_index
left join top_n
    on top_n.top_id = items.id
