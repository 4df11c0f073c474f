-- claims_values: every claim of seeds/claims.csv can be tested as written: one row per problem, naming the claim.
-- A claim names a defined metric (or says why it is not testable), a subject that fits the metric's breakdown, a
-- period of two dates in order, a known aggregate and comparison, and numbers that parse.
with

claims as (
    select * from staging.stg_claims
),

definitions as (
    select * from staging.stg_metric_definitions
),

joined as (
    select
        claims.*,
        definitions.metric as defined_metric,
        definitions.breakdown,
        definitions.value_kind,
        count(*) over (partition by claims.id) as rows_with_id,
    from claims
    left join definitions
        on definitions.metric = claims.metric
),

problems as (
    select id, 'duplicate id' as problem from joined where rows_with_id > 1
    union all
    select id, 'empty id' from joined where id is null or id = ''
    union all
    select id, 'claim or source is empty' from joined where claim is null or source is null
    union all
    select id, 'no metric and no not_testable_reason' from joined where metric is null and not_testable_reason is null
    union all
    select id, 'unknown metric ' || metric || ' (see seeds/metric_definitions.csv)' from joined
    where metric is not null and defined_metric is null
    union all
    select joined.id, 'unknown alternative metric ' || alternative.metric || ' (see seeds/metric_definitions.csv)'
    from joined, unnest(joined.alternative_metrics) as alternative(metric)
    where alternative.metric not in (select metric from definitions)
    union all
    select id, 'source_url must be an http(s) address, got ' || source_url from joined
    where source_url is not null and not regexp_matches(source_url, '^https?://[^\s"<>]+$')
    union all
    select id, 'aggregate must be max, min, avg, last, any_week or crossing, got ' || coalesce(aggregate, 'nothing') from joined
    where metric is not null and (aggregate is null or aggregate not in ('max', 'min', 'avg', 'last', 'any_week', 'crossing'))
    union all
    select id, 'comparison must be approx or at_least, got ' || comparison from joined
    where comparison not in ('approx', 'at_least')
    union all
    select id, 'period_start is not a date: ' || coalesce(period_start_text, 'empty') from joined
    where metric is not null and period_start is null
    union all
    select id, 'period_end is not a date: ' || coalesce(period_end_text, 'empty') from joined
    where metric is not null and period_end is null
    union all
    select id, 'period_end is before period_start' from joined where period_end < period_start
    union all
    select id, 'expected_value is not a number: ' || expected_value_text from joined
    where expected_value_text is not null and expected_value is null
    union all
    select id, 'compare_expected_value is not a number: ' || compare_expected_value_text from joined
    where compare_expected_value_text is not null and compare_expected_value is null
    union all
    select id, 'tolerance must be a number >= 0, got ' || tolerance_text from joined
    where tolerance_text is not null and (try_cast(tolerance_text as double) is null or try_cast(tolerance_text as double) < 0)
    union all
    select id, 'metric ' || metric || ' is per origin: set origin_country and leave organisation empty' from joined
    where breakdown in ('origin', 'channel') and (origin_country is null or organisation is not null)
    union all
    select id, 'metric ' || metric || ' is per organisation: set organisation' from joined
    where breakdown = 'organisation' and organisation is null
    union all
    select id, 'set one of compare_origin and compare_organisation, not both' from joined
    where compare_origin is not null and compare_organisation is not null
    union all
    select id, 'metric ' || metric || ' is per origin: compare with compare_origin' from joined
    where breakdown in ('origin', 'channel') and compare_organisation is not null
    union all
    select id, 'metric ' || metric || ' is per organisation: compare with compare_organisation' from joined
    where breakdown = 'organisation' and compare_origin is not null
    union all
    select id, 'compare_expected_value needs compare_origin or compare_organisation' from joined
    where compare_expected_value_text is not null and compare_origin is null and compare_organisation is null
    union all
    select id, 'metric ' || metric || ' is a band: it cannot be compared with another subject or crossed' from joined
    where value_kind = 'band' and (compare_origin is not null or compare_organisation is not null or aggregate = 'crossing')
    union all
    select id, 'aggregate crossing needs compare_origin or compare_organisation' from joined
    where aggregate = 'crossing' and compare_origin is null and compare_organisation is null
    union all
    select id, 'aggregate any_week needs expected_value' from joined
    where aggregate = 'any_week' and expected_value_text is null
    union all
    select id, 'aggregate ' || aggregate || ' needs expected_value' from joined
    where aggregate in ('max', 'min', 'avg', 'last') and expected_value_text is null
)

select * from problems
order by id, problem
