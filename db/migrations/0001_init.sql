-- Raw layer: what the collectors fetched, as fetched, plus the log of every run.
-- Everything downstream (staging -> intermediate -> marts) is rebuilt from these tables by `transform`.

create schema if not exists raw;
create schema if not exists meta;

-- One row per collector run (and per seed load). A run is atomic: its data rows commit together with the
-- status change to 'succeeded'; a failed run leaves a 'failed' row with its message and no data.
create sequence if not exists meta.run_id_seq start 1;
create table meta.runs (
    run_id bigint primary key default nextval('meta.run_id_seq'),
    source varchar not null,            -- 'openrouter', 'openrouter_models', 'huggingface', 'seed:openrouter', ...
    window_start date,                  -- the data window asked for, when the source has one
    window_end date,
    started_at timestamp not null,      -- UTC
    finished_at timestamp,
    status varchar not null,            -- 'running' | 'succeeded' | 'failed' | 'skipped'
    rows_fetched bigint,
    rows_written bigint,
    message varchar                     -- error or skip reason; never contains a token
);

-- Every fetched payload is kept as a file under $ADOPTION_DATA_DIR/payloads/; this is its index.
-- Recorded outside the run's transaction, so a failed run's payloads are kept for inspection.
create sequence if not exists meta.payload_id_seq start 1;
create table meta.payloads (
    payload_id bigint primary key default nextval('meta.payload_id_seq'),
    run_id bigint not null,
    source varchar not null,
    url varchar not null,               -- request URL (tokens travel in headers, never in URLs)
    http_status integer not null,
    fetched_at timestamp not null,
    sha256 varchar not null,
    bytes bigint not null,
    file varchar not null               -- path relative to the data dir
);

-- OpenRouter rankings with their revisions. OpenRouter restates recent days, so each (period, category, date,
-- model) keeps one row per distinct value, stamped with the as_of of the response that first reported it.
-- total_tokens NULL: the model was no longer in that day's list as of `as_of`.
create table raw.openrouter_rankings (
    period varchar not null,            -- 'day' (exact dataset) | 'week' (sampled category estimates)
    category varchar not null,          -- 'all' for the exact dataset, else the API's category
    date date not null,                 -- the UTC day, or the week start for period = 'week'
    model_permaslug varchar not null,   -- 'other' is the reserved row summing models outside the top 50
    total_tokens bigint,                -- prompt + completion tokens
    as_of timestamp not null,           -- meta.as_of of the response (UTC)
    fetched_at timestamp not null,
    run_id bigint not null,
    payload_id bigint,
    primary key (period, category, date, model_permaslug, as_of)
);

-- The OpenRouter model catalogue, one snapshot per UTC day (a re-run the same day replaces it).
create table raw.openrouter_models (
    day date not null,
    id varchar not null,
    canonical_slug varchar,
    name varchar,
    created_at timestamp,
    context_length bigint,
    hugging_face_id varchar,
    pricing_prompt varchar,             -- USD per token, as the API's decimal string
    pricing_completion varchar,
    modality varchar,
    fetched_at timestamp not null,
    run_id bigint not null,
    primary key (day, id)
);

-- Hugging Face Hub model stats, one row per UTC day x model (the day's last run wins).
create table raw.hf_model_snapshots (
    day date not null,
    snapshot_at timestamp not null,     -- UTC time of the request
    model_id varchar not null,          -- repo id 'org/name'
    author varchar,
    downloads_30d bigint,               -- the API's `downloads`: a rolling 30-day count, never summed across days
    downloads_all_time bigint,
    likes bigint,
    created_at timestamp,               -- NULL when the Hub gives its 2022-03-02T23:29:04.000Z placeholder
    last_modified_at timestamp,
    pipeline_tag varchar,
    library_name varchar,
    tags varchar[],
    parameters bigint,                  -- safetensors total, where given
    top_rank integer,                   -- rank by downloads_30d in the global top N of that run, else NULL
    tracked_org boolean not null,       -- fetched because its author is a tracked organisation
    lineage_only boolean not null default false,  -- fetched only to resolve a base-model chain: in no download scope
    is_synthetic boolean not null default false,  -- true where a fixture filled fields the recording lacks
    run_id bigint not null,
    payload_id bigint,
    primary key (day, model_id)
);

-- Lineage from `base_model:<relation>:<id>` tags (relation 'finetune' | 'quantized' | 'adapter' | 'merge',
-- or 'unspecified' for a bare `base_model:<id>` tag).
create table raw.hf_model_base_models (
    day date not null,
    model_id varchar not null,
    base_model_id varchar not null,
    relation varchar not null,
    run_id bigint not null,
    primary key (day, model_id, base_model_id)
);

-- When each job last succeeded, for catch-up after downtime (node-cron never knows what it missed).
create table meta.job_state (
    job varchar primary key,
    last_success_at timestamp,
    last_attempt_at timestamp,
    last_status varchar,
    last_message varchar
);
