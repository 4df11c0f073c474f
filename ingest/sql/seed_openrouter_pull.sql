-- Loads one full pull of rankings-daily (real data, CC BY 4.0 OpenRouter) as one more vintage: every row of the file
-- is stamped with the pull's as_of ($as_of), so on days an earlier vintage also holds, the pull is the value in force
-- and the earlier values stay queryable as restatement history. Unlike the collector (which stores only changed
-- values), a seed vintage is stored whole: it is a complete snapshot of what the API served at $as_of.
--   * A key already held with an as_of at or after the pull's (a later collector run) keeps its later value: the
--     pull row is not added for it.
--   * A model an earlier vintage listed for a day the pull covers but the pull does not list gets a tombstone
--     (total_tokens NULL) at the pull's as_of, as the collector does for a drop-out.
-- Days the pull lacks (2025-06-15 and 2025-07-15 in the shipped file) get no rows: missing, never zero.
insert into raw.openrouter_rankings
    (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id, payload_id)
with

pulled as (
    select
        date,
        model_permaslug,
        total_tokens,
    from read_csv(
        $file,
        header = true,
        columns = {'date': 'DATE', 'model_permaslug': 'VARCHAR', 'total_tokens': 'BIGINT'}
    )
),

latest_held as (
    select held.date, held.model_permaslug, held.total_tokens, held.as_of
    from raw.openrouter_rankings as held
    where held.period = 'day'
        and held.category = 'all'
        and held.date in (select distinct date from pulled)
    qualify row_number() over (partition by held.date, held.model_permaslug order by held.as_of desc) = 1
),

added as (
    select pulled.date, pulled.model_permaslug, pulled.total_tokens
    from pulled
    left join latest_held as l
        on l.date = pulled.date and l.model_permaslug = pulled.model_permaslug
    where l.as_of is null or l.as_of < $as_of::timestamp
),

dropped_out as (
    select l.date, l.model_permaslug, null::bigint as total_tokens
    from latest_held as l
    where l.total_tokens is not null
        and l.as_of < $as_of::timestamp
        and not exists (
            select 1 from pulled as p
            where p.date = l.date and p.model_permaslug = l.model_permaslug
        )
),

vintage as (
    select * from added
    union all
    select * from dropped_out
)

select
    'day',
    'all',
    date,
    model_permaslug,
    total_tokens,
    $as_of::timestamp,
    $as_of::timestamp,
    $run_id,
    $payload_id
from vintage
