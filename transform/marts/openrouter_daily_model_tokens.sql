-- openrouter_daily_model_tokens: how many tokens did each model in OpenRouter's daily top 50 (and `other`) process per UTC day?
-- grain: one row per day x category x model_permaslug (daily data is OpenRouter's exact dataset, category 'all'); `other` is a row flagged is_other.
-- units: total_tokens = prompt + completion tokens that UTC day (BIGINT); revisions = count; first_as_of, as_of = UTC timestamps.
-- definition: the latest value per day x model (greatest as_of); a day x model whose latest value is a tombstone (dropped from the list) has no row.
-- definition: revisions = number of distinct values OpenRouter reported for that day x model (restatements as late usage arrives); first_as_of = when it was first seen; as_of = when the value shown was first reported.
-- definition: author = permaslug prefix (lower case); origin_country from the origin registry, 'UNKNOWN' when not listed and for `other` (it sums models outside the top 50).
-- definition: a model is a permaslug as given: `:free` variants and dated versions are separate models.
with

latest as (
    select * from intermediate.int_openrouter_rankings_latest
),

daily as (
    select * from latest
    where period = 'day'
)

select
    period_start::date as day,
    category::varchar as category,
    model_permaslug::varchar as model_permaslug,
    is_other::boolean as is_other,
    author::varchar as author,
    organisation::varchar as organisation,
    origin_country::varchar as origin_country,
    total_tokens::bigint as total_tokens,
    revisions::integer as revisions,
    first_as_of::timestamp as first_as_of,
    as_of::timestamp as as_of,
from daily
order by day, category, is_other, total_tokens desc, model_permaslug
