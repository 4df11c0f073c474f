-- raw.hf_model_snapshots and raw.hf_model_base_models without primary-key indexes: at the whole-Hub scale (about 2
-- million rows a day) the index costs more than the load itself and grows with every day held. (day, model_id) stays
-- unique by construction: every writer deletes the day's rows and inserts them deduplicated, in one transaction.
-- Copy out, recreate, copy back (no ALTER ... RENAME: DuckDB 1.5 fails to replay a rename from its WAL after a crash).
create temp table hf_model_snapshots_held as select * from raw.hf_model_snapshots;
drop table raw.hf_model_snapshots;
create table raw.hf_model_snapshots (
    day date not null,
    snapshot_at timestamp not null,
    model_id varchar not null,
    author varchar,
    downloads_30d bigint,
    downloads_all_time bigint,
    likes bigint,
    created_at timestamp,
    last_modified_at timestamp,
    pipeline_tag varchar,
    library_name varchar,
    tags varchar[],
    parameters bigint,
    top_rank integer,
    tracked_org boolean not null,
    lineage_only boolean not null default false,
    is_synthetic boolean not null default false,
    run_id bigint not null,
    payload_id bigint
);
insert into raw.hf_model_snapshots select * from hf_model_snapshots_held;
drop table hf_model_snapshots_held;

create temp table hf_model_base_models_held as select * from raw.hf_model_base_models;
drop table raw.hf_model_base_models;
create table raw.hf_model_base_models (
    day date not null,
    model_id varchar not null,
    base_model_id varchar not null,
    relation varchar not null,
    run_id bigint not null
);
insert into raw.hf_model_base_models select * from hf_model_base_models_held;
drop table hf_model_base_models_held;
