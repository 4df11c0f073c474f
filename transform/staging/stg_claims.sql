-- stg_claims: published claims and how each is tested against marts.weekly_metrics (seeds/claims.csv), one row per
-- claim. The seed's own columns (id .. note) keep the claim's text and its source; the rest say which metric,
-- subject, period and aggregate test it. Numbers and dates are parsed with try_cast: checks/claims_values names
-- every cell that does not parse, so a bad entry fails the transform by claim id instead of becoming NULL.
-- alternative_metrics: the other definitions the claim's words could mean (space-separated metric ids), each
-- evaluated beside the claim's own metric in claim_evaluations; source_url links the source where one is known.
with

source as (
    select * from seeds.claims
),

cleaned as (
    select
        trim(id) as id,
        nullif(trim(claim), '') as claim,
        lower(trim(channel)) as channel,
        nullif(trim(period), '') as period,
        nullif(trim(value), '') as claim_value,
        nullif(trim(source), '') as source,
        nullif(trim(source_kind), '') as source_kind,
        nullif(trim(note), '') as note,
        nullif(trim(metric), '') as metric,
        nullif(upper(trim(origin_country)), '') as origin_country,
        nullif(trim(organisation), '') as organisation,
        nullif(upper(trim(compare_origin)), '') as compare_origin,
        nullif(trim(compare_organisation), '') as compare_organisation,
        nullif(trim(period_start), '') as period_start_text,
        nullif(trim(period_end), '') as period_end_text,
        nullif(lower(trim(aggregate)), '') as aggregate,
        coalesce(nullif(lower(trim(comparison)), ''), 'approx') as comparison,
        nullif(trim(expected_value), '') as expected_value_text,
        nullif(trim(compare_expected_value), '') as compare_expected_value_text,
        nullif(trim(tolerance), '') as tolerance_text,
        nullif(trim(caveat), '') as caveat,
        nullif(trim(not_testable_reason), '') as not_testable_reason,
        -- other definitions the claim could mean, space-separated metric ids (e.g. families beside permaslugs)
        coalesce(
            list_filter(string_split(regexp_replace(trim(coalesce(alternative_metrics, '')), '\s+', ' ', 'g'), ' '), m -> m <> ''),
            []
        ) as alternative_metrics,
        nullif(trim(source_url), '') as source_url,
    from source
)

select
    id::varchar as id,
    claim::varchar as claim,
    channel::varchar as channel,
    period::varchar as period,
    claim_value::varchar as claim_value,
    source::varchar as source,
    source_kind::varchar as source_kind,
    note::varchar as note,
    metric::varchar as metric,
    origin_country::varchar as origin_country,
    organisation::varchar as organisation,
    compare_origin::varchar as compare_origin,
    compare_organisation::varchar as compare_organisation,
    period_start_text::varchar as period_start_text,
    period_end_text::varchar as period_end_text,
    try_cast(period_start_text as date) as period_start,
    try_cast(period_end_text as date) as period_end,
    aggregate::varchar as aggregate,
    comparison::varchar as comparison,
    expected_value_text::varchar as expected_value_text,
    compare_expected_value_text::varchar as compare_expected_value_text,
    tolerance_text::varchar as tolerance_text,
    try_cast(expected_value_text as double) as expected_value,
    try_cast(compare_expected_value_text as double) as compare_expected_value,
    -- no tolerance given: the value must match exactly
    coalesce(try_cast(tolerance_text as double), 0)::double as tolerance,
    caveat::varchar as caveat,
    not_testable_reason::varchar as not_testable_reason,
    alternative_metrics::varchar[] as alternative_metrics,
    source_url::varchar as source_url,
from cleaned
