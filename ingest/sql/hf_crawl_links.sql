-- The base-model links of one whole-Hub day as the crawl parsed them from the pages (ingest/hub-crawl.ts linksFile:
-- parseBaseModelTags per listed model, one JSON object a line). Used when the day lists every model once, so each
-- model's links are those of its one row; a day with a repeated model reads the kept rows' tags instead
-- (hf_crawl_base_models.sql). ingest/huggingface.ts inserts this select under the table's declared column list
-- (db/raw-tables.ts).
select
    $day::date as day,
    model_id,
    base_model_id,
    relation,
    $run_id::bigint as run_id,
from read_ndjson(
    $file,
    columns = {model_id: 'VARCHAR', base_model_id: 'VARCHAR', relation: 'VARCHAR'}
)
