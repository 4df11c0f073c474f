-- Inserts one day's catalogue snapshot (a JSON array bound as $rows); the caller deletes that day's rows first.
insert into raw.openrouter_models
    (day, id, canonical_slug, name, created_at, context_length, hugging_face_id, pricing_prompt, pricing_completion,
     modality, fetched_at, run_id)
select
    $day::date,
    r.id,
    r.canonical_slug,
    r.name,
    r.created_at::timestamp,
    r.context_length,
    r.hugging_face_id,
    r.pricing_prompt,
    r.pricing_completion,
    r.modality,
    $fetched_at::timestamp,
    $run_id
from (
    select unnest(from_json($rows::json, '[{"id": "VARCHAR", "canonical_slug": "VARCHAR", "name": "VARCHAR", "created_at": "VARCHAR", "context_length": "BIGINT", "hugging_face_id": "VARCHAR", "pricing_prompt": "VARCHAR", "pricing_completion": "VARCHAR", "modality": "VARCHAR"}]')) as r
)
