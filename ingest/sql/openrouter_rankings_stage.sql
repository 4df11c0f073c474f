-- Stages one run's fetched rankings rows (a JSON array bound as $rows) for the merge; a temp table lives only in the
-- run's transaction connection.
create or replace temp table openrouter_staged as
select
    r.period,
    r.category,
    r.date::date as date,
    r.model_permaslug,
    r.total_tokens::bigint as total_tokens,
    r.as_of::timestamp as as_of,
    r.fetched_at::timestamp as fetched_at,
    r.payload_id
from (
    select unnest(from_json($rows::json, '[{"period": "VARCHAR", "category": "VARCHAR", "date": "VARCHAR", "model_permaslug": "VARCHAR", "total_tokens": "VARCHAR", "as_of": "VARCHAR", "fetched_at": "VARCHAR", "payload_id": "BIGINT"}]')) as r
)
