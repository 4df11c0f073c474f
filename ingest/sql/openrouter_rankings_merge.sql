-- Adds to raw.openrouter_rankings what the staged responses change in its history, and nothing else:
--   * a row where (period, category, date, model) is new, or its value differs from the latest value held;
--   * a tombstone (total_tokens NULL) where the latest held data lists a model for a date that a newer response
--     lists without that model, so "latest value" readers drop it instead of keeping a stale entry.
-- A response whose as_of is not newer than the latest held row for a key adds nothing for that key, so re-running
-- the same window against the same data writes 0 rows.
insert into raw.openrouter_rankings
    (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id, payload_id)
with
staged as (
    select *
    from openrouter_staged
    qualify row_number() over (partition by period, category, date, model_permaslug order by as_of desc) = 1
),

covered as (
    -- the (period, category, date) each response lists, with that response's as_of
    select distinct period, category, date, as_of, fetched_at, payload_id
    from staged
    qualify row_number() over (partition by period, category, date order by as_of desc, payload_id desc) = 1
),

latest as (
    select held.period, held.category, held.date, held.model_permaslug, held.total_tokens, held.as_of
    from raw.openrouter_rankings as held
    where exists (
        select 1 from covered as c
        where c.period = held.period and c.category = held.category and c.date = held.date
    )
    qualify row_number() over (
        partition by held.period, held.category, held.date, held.model_permaslug order by held.as_of desc
    ) = 1
),

changed as (
    select s.period, s.category, s.date, s.model_permaslug, s.total_tokens, s.as_of, s.fetched_at, s.payload_id
    from staged as s
    left join latest as l
        on l.period = s.period and l.category = s.category and l.date = s.date and l.model_permaslug = s.model_permaslug
    where l.as_of is null
        or (s.as_of > l.as_of and s.total_tokens is distinct from l.total_tokens)
),

dropped_out as (
    select l.period, l.category, l.date, l.model_permaslug, null::bigint as total_tokens, c.as_of, c.fetched_at, c.payload_id
    from latest as l
    inner join covered as c
        on c.period = l.period and c.category = l.category and c.date = l.date
    where l.total_tokens is not null
        and c.as_of > l.as_of
        and not exists (
            select 1 from staged as s
            where s.period = l.period and s.category = l.category and s.date = l.date
                and s.model_permaslug = l.model_permaslug
        )
)

select period, category, date, model_permaslug, total_tokens, as_of, fetched_at, $run_id, payload_id from changed
union all
select period, category, date, model_permaslug, total_tokens, as_of, fetched_at, $run_id, payload_id from dropped_out
