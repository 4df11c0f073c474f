-- int_openrouter_rankings_latest: the latest value per period x category x period_start x model, attributed.
-- Latest = the row with the greatest as_of; a latest tombstone (total_tokens NULL) drops the key.
-- Origin: the author (permaslug prefix, lower case) looked up in the registry (platform = 'openrouter');
-- not found -> 'UNKNOWN'. The `other` row has no author and origin 'UNKNOWN'.
with

versions as (
    select * from intermediate.int_openrouter_rankings_versioned
),

origins as (
    select * from staging.stg_origins
    where platform = 'openrouter'
),

histories as (
    select
        period,
        category,
        period_start,
        model_permaslug,
        min(valid_from) as first_as_of,
        count(distinct total_tokens) as revisions,
    from versions
    group by period, category, period_start, model_permaslug
),

latest as (
    select * from versions
    where is_latest and total_tokens is not null
),

attributed as (
    select
        latest.period,
        latest.category,
        latest.period_start,
        date_trunc('week', latest.period_start)::date as week_start,
        latest.model_permaslug,
        latest.is_other,
        latest.author,
        origins.organisation,
        coalesce(origins.country, 'UNKNOWN') as origin_country,
        latest.total_tokens,
        histories.revisions,
        histories.first_as_of,
        latest.valid_from as as_of,
    from latest
    inner join histories
        on histories.period = latest.period
        and histories.category = latest.category
        and histories.period_start = latest.period_start
        and histories.model_permaslug = latest.model_permaslug
    left join origins
        on origins.author = latest.author
)

select
    period,
    category,
    period_start,
    week_start,
    model_permaslug,
    is_other,
    author,
    organisation,
    origin_country,
    total_tokens,
    revisions::integer as revisions,
    first_as_of,
    as_of,
from attributed
