-- Whole-Hub crawls (HF_SCOPE=all): one crawl per snapshot day, its cursor, and the pages it kept.
-- Written page by page outside any run's transaction, so a crash, a kill or a 429 storm loses at most the page in
-- flight: the next run of the same UTC day resumes from `next_url`. The pages' rows reach raw.hf_model_snapshots only
-- when the crawl is complete, in the run's one transaction (DuckDB reads the kept page files itself).
create sequence if not exists meta.hf_crawl_id_seq start 1;
create table meta.hf_crawls (
    crawl_id bigint primary key default nextval('meta.hf_crawl_id_seq'),
    day date not null,                  -- the snapshot day (UTC day the crawl started)
    started_at timestamp not null,      -- snapshot_at of every row of the crawl
    status varchar not null,            -- 'running' | 'complete' | 'loaded' | 'abandoned'
    first_url varchar not null,
    next_url varchar,                   -- the cursor: the next page to fetch; NULL once the listing is exhausted
    pages integer not null default 0,
    bytes bigint not null default 0,
    updated_at timestamp not null,
    finished_at timestamp
);

create table meta.hf_crawl_pages (
    crawl_id bigint not null,
    page_index integer not null,        -- 0, 1, ... in listing order
    url varchar not null,
    payload_id bigint not null,         -- meta.payloads; the body is the kept file
    file varchar not null,              -- relative to $ADOPTION_DATA_DIR
    synthetic_ids varchar,              -- replay only: '*' = every model of the page is synthetic, else a comma list
    items integer not null,             -- array elements in the page
    bad_items integer not null,         -- of which without an id (skipped and counted)
    fetched_at timestamp not null,
    primary key (crawl_id, page_index)
);

-- The Parquet lake ($ADOPTION_LAKE_DIR/<table>/day=YYYY-MM-DD/part-0.parquet): which partition holds which version of
-- a raw table's day. A partition is rewritten only when its day's fingerprint (rows, latest run) changes.
create table meta.lake_partitions (
    table_name varchar not null,        -- 'hf_model_snapshots', 'hf_model_base_models', 'openrouter_rankings', ...
    day date not null,
    rows bigint not null,
    fingerprint varchar not null,
    file varchar not null,              -- relative to the lake folder
    written_at timestamp not null,
    primary key (table_name, day)
);

-- Payload retention (ADOPTION_PAYLOAD_RETENTION_DAYS): a payload whose file was deleted keeps its index row.
alter table meta.payloads add column pruned_at timestamp;
