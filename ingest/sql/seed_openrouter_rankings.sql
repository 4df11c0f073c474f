-- Loads the archived rankings-daily vintages (real data, CC BY 4.0 OpenRouter) as exact daily rows: each archived
-- value keeps the time it was archived as its as_of, so the history of restatements is queryable as it happened.
insert into raw.openrouter_rankings
    (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id, payload_id)
select
    'day',
    'all',
    date,
    model_permaslug,
    total_tokens,
    archived_at::timestamp,
    archived_at::timestamp,
    $run_id,
    $payload_id
from read_csv(
    $file,
    header = true,
    columns = {'archived_at': 'VARCHAR', 'date': 'DATE', 'model_permaslug': 'VARCHAR', 'total_tokens': 'BIGINT'}
)
on conflict do nothing
