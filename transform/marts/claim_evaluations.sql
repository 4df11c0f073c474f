-- claim_evaluations: each published claim under each definition it could mean (its own metric, and its alternative_metrics: model families beside permaslugs, every model beside open-weights ones), with our value, the verdict under that definition and each week's value in the period.
-- grain: one row per claim (claim_id) x definition (metric); definition_rank 0 = the claim's own metric, 1.. = its alternatives in seeds/claims.csv order.
-- units: as claim_verdicts: expected_value, our_value*, difference, tolerance in the unit of the metric; weeks_covered, weeks_in_period = counts of weeks; as_of = UTC timestamp.
-- definition: the test of each row is claim_verdicts' (complete weeks wholly inside the period; aggregates max, min, avg, last, any_week, crossing; verdict matches / differs within the claim's tolerance, 'no data for that period', 'not testable'); definition_label = the metric's label. weekly_values_text = our value in every complete week of the period (for a claim about one week of a month: each week of that month), '; '-separated.
-- definition: query = SQL to paste into the duckdb CLI on the published database to reproduce our value under that definition.
with

claims as (
    -- one row per claim x definition; id is the evaluation's key (claim id, and the metric for an alternative)
    select * exclude (evaluation_id, claim_id), evaluation_id as id, claim_id from staging.stg_claim_definitions
),

definitions as (
    select * from staging.stg_metric_definitions
),

metrics as (
    select * from marts.weekly_metrics
),

channel_as_of as (
    select
        channel,
        max(as_of) as as_of,
    from metrics
    group by channel
),

subject_rows as (
    select
        claims.id,
        metrics.week_start,
        metrics.value,
        metrics.value_low,
        metrics.value_high,
        metrics.previous_value,
        metrics.is_complete_week,
        metrics.as_of,
    from claims
    inner join metrics
        on metrics.metric = claims.metric
        and (
            (claims.organisation is null and metrics.organisation is null and metrics.origin_country = claims.origin_country)
            or (claims.organisation is not null and metrics.organisation = claims.organisation)
        )
),

compare_rows as (
    select
        claims.id,
        metrics.week_start,
        metrics.value,
        metrics.previous_value,
        metrics.as_of,
    from claims
    inner join metrics
        on metrics.metric = claims.metric
        and (
            (claims.compare_organisation is null and metrics.organisation is null and metrics.origin_country = claims.compare_origin)
            or (claims.compare_organisation is not null and metrics.organisation = claims.compare_organisation)
        )
),

paired as (
    select
        subject_rows.*,
        compare_rows.value as compare_value,
        compare_rows.previous_value as compare_previous_value,
        greatest(subject_rows.as_of, compare_rows.as_of) as pair_as_of,
    from subject_rows
    inner join claims
        on claims.id = subject_rows.id
    left join compare_rows
        on compare_rows.id = subject_rows.id
        and compare_rows.week_start = subject_rows.week_start
    where (claims.compare_origin is null and claims.compare_organisation is null)
        or compare_rows.week_start is not null
),

in_period as (
    select
        paired.*,
        claims.aggregate,
        claims.expected_value,
        claims.compare_expected_value,
    from paired
    inner join claims
        on claims.id = paired.id
    where paired.week_start >= claims.period_start
        and paired.week_start + 6 <= claims.period_end
),

covered as (
    select
        in_period.*,
        -- how far the claim's value lies from ours that week (0 inside a band)
        case
            when value is not null then abs(value - expected_value)
            else greatest(value_low - expected_value, expected_value - value_high, 0)
        end + coalesce(abs(compare_value - compare_expected_value), 0) as distance,
    from in_period
    where is_complete_week
),

summarised as (
    select
        id,
        count(*) as weeks_covered,
        min(week_start) as first_week,
        max(week_start) as last_week,
        max(value) as max_value,
        min(value) as min_value,
        avg(value) as avg_value,
        max(value_low) as max_low,
        min(value_low) as min_low,
        avg(value_low) as avg_low,
        max(value_high) as max_high,
        min(value_high) as min_high,
        avg(value_high) as avg_high,
        max(compare_value) as max_compare,
        min(compare_value) as min_compare,
        avg(compare_value) as avg_compare,
        count(*) filter (where value > compare_value) as weeks_above,
        count(*) filter (where value < compare_value) as weeks_below,
        max(pair_as_of) as as_of,
    from covered
    group by id
),

chosen_weeks as (
    select * from covered
    where aggregate = 'last'
    qualify row_number() over (partition by id order by week_start desc) = 1
    union all
    select * from covered
    where aggregate = 'any_week'
    qualify row_number() over (partition by id order by distance, week_start desc) = 1
    union all
    select * from covered
    where aggregate = 'crossing'
        and previous_value <= compare_previous_value
        and value > compare_value
    qualify row_number() over (partition by id order by week_start) = 1
),

partial_weeks as (
    select
        id,
        string_agg(
            'the incomplete week of ' || week_start::varchar,
            ', ' order by week_start
        ) as weeks,
        list(
            {week_start: week_start, value: value, value_low: value_low, value_high: value_high, compare_value: compare_value}
            order by week_start
        ) as partial_values,
    from in_period
    where not is_complete_week
    group by id
),

weekly_values as (
    select
        covered.id,
        string_agg(
            covered.week_start::varchar || ': ' || case
                when covered.value is null then printf('%.1f%% to %.1f%%', covered.value_low * 100, covered.value_high * 100)
                when definitions.unit = 'share' then printf('%.1f%%', covered.value * 100)
                when definitions.unit = 'tokens' then printf('%.3fT', covered.value / 1e12)
                when definitions.unit = 'downloads' then printf('%.1fM', covered.value / 1e6)
                else printf('%d', covered.value::bigint)
            end
            || coalesce(' vs ' || case
                when definitions.unit = 'share' then printf('%.1f%%', covered.compare_value * 100)
                when definitions.unit = 'tokens' then printf('%.3fT', covered.compare_value / 1e12)
                when definitions.unit = 'downloads' then printf('%.1fM', covered.compare_value / 1e6)
                else printf('%d', covered.compare_value::bigint)
            end, ''),
            '; ' order by covered.week_start
        ) as weekly_values_text,
    from covered
    inner join claims
        on claims.id = covered.id
    left join definitions
        on definitions.metric = claims.metric
    group by covered.id
),

metric_span as (
    select
        subject_rows.id,
        min(subject_rows.week_start) filter (where subject_rows.is_complete_week) as first_week,
        max(subject_rows.week_start) filter (where subject_rows.is_complete_week) as last_week,
    from subject_rows
    group by subject_rows.id
),

valued as (
    select
        claims.*,
        definitions.unit,
        definitions.value_kind,
        coalesce(summarised.weeks_covered, 0) as weeks_covered,
        -- whole Monday-to-Sunday weeks inside the period
        greatest(
            0,
            (claims.period_end - (claims.period_start + ((8 - isodow(claims.period_start)) % 7)::integer) + 1) // 7
        ) as weeks_in_period,
        summarised.first_week,
        summarised.last_week,
        summarised.weeks_above,
        summarised.weeks_below,
        chosen_weeks.week_start as chosen_week,
        chosen_weeks.previous_value as chosen_previous_value,
        chosen_weeks.compare_previous_value as chosen_compare_previous_value,
        case claims.aggregate
            when 'max' then summarised.max_value
            when 'min' then summarised.min_value
            when 'avg' then summarised.avg_value
            else chosen_weeks.value
        end as our_value,
        case claims.aggregate
            when 'max' then summarised.max_low
            when 'min' then summarised.min_low
            when 'avg' then summarised.avg_low
            else chosen_weeks.value_low
        end as our_value_low,
        case claims.aggregate
            when 'max' then summarised.max_high
            when 'min' then summarised.min_high
            when 'avg' then summarised.avg_high
            else chosen_weeks.value_high
        end as our_value_high,
        case claims.aggregate
            when 'max' then summarised.max_compare
            when 'min' then summarised.min_compare
            when 'avg' then summarised.avg_compare
            else chosen_weeks.compare_value
        end as our_compare_value,
        partial_weeks.weeks as partial_weeks,
        partial_weeks.partial_values,
        metric_span.first_week as metric_first_week,
        weekly_values.weekly_values_text,
        definitions.label as definition_label,
        metric_span.last_week as metric_last_week,
        coalesce(summarised.as_of, channel_as_of.as_of) as as_of,
    from claims
    left join definitions
        on definitions.metric = claims.metric
    left join summarised
        on summarised.id = claims.id
    left join chosen_weeks
        on chosen_weeks.id = claims.id
    left join partial_weeks
        on partial_weeks.id = claims.id
    left join metric_span
        on metric_span.id = claims.id
    left join weekly_values
        on weekly_values.id = claims.id
    left join channel_as_of
        on channel_as_of.channel = claims.channel
),

compared as (
    select
        valued.*,
        case
            when our_value is not null then our_value - expected_value
            when expected_value < our_value_low then our_value_low - expected_value
            when expected_value > our_value_high then our_value_high - expected_value
            when our_value_low is not null then 0
        end as difference,
        our_compare_value - compare_expected_value as compare_difference,
        -- a float margin, so a value exactly on the tolerance's edge counts as inside
        tolerance + 1e-9 * greatest(1, abs(coalesce(expected_value, 0))) as margin,
        tolerance + 1e-9 * greatest(1, abs(coalesce(compare_expected_value, 0))) as compare_margin,
    from valued
),

judged as (
    select
        compared.*,
        case
            when expected_value is null then true
            when comparison = 'at_least' then coalesce(our_value, our_value_high) >= expected_value - margin
            else abs(difference) <= margin
        end as subject_agrees,
        case
            when compare_expected_value is null then true
            when comparison = 'at_least' then our_compare_value >= compare_expected_value - compare_margin
            else abs(compare_difference) <= compare_margin
        end as compare_agrees,
    from compared
),

verdicts as (
    select
        judged.*,
        case
            when metric is null then 'not testable'
            when weeks_covered = 0 then 'no data for that period'
            when aggregate = 'crossing' and chosen_week is null then 'differs'
            when subject_agrees and compare_agrees then 'matches'
            else 'differs'
        end as verdict,
        coalesce(organisation, origin_country) as subject,
        coalesce(compare_organisation, compare_origin) as compare_subject,
        -- shown = [ours, low, high, compare, expected, compare expected, before, compare before]
        list_transform(
            [
                our_value, our_value_low, our_value_high, our_compare_value, expected_value, compare_expected_value,
                chosen_previous_value, chosen_compare_previous_value
            ],
            x -> case
                when x is null then null
                when unit = 'share' then printf('%.1f%%', x * 100)
                when unit = 'tokens' and abs(x) >= 1e12 then printf('%.3fT tokens', x / 1e12)
                when unit = 'tokens' then printf('%.3fB tokens', x / 1e9)
                when unit = 'downloads' and abs(x) >= 1e9 then printf('%.3fB downloads', x / 1e9)
                when unit = 'downloads' and abs(x) >= 1e6 then printf('%.1fM downloads', x / 1e6)
                when unit = 'downloads' then format('{:,} downloads', x::bigint)
                when x = round(x) then printf('%d', x::bigint)
                else printf('%.2f', x)
            end
        ) as shown,
        -- signed = [difference, compare difference, tolerance]
        list_transform(
            [difference, compare_difference, tolerance],
            x -> case
                when x is null then null
                when unit = 'share' then printf('%+.2f points', x * 100)
                when unit = 'tokens' then printf('%+.3fT tokens', x / 1e12)
                when unit = 'downloads' then printf('%+.1fM downloads', x / 1e6)
                when x = round(x) then printf('%+d', x::bigint)
                else printf('%+.2f', x)
            end
        ) as signed,
    from judged
),

described as (
    select
        verdicts.*,
        case
            when weeks_covered = 1 then '1 complete week, ' || first_week
            else weeks_covered || ' complete weeks, ' || first_week || ' to ' || last_week
        end as weeks_text,
        case
            when our_value is null and our_value_low is null then null
            else
                subject || ' '
                || coalesce(shown[1], shown[2] || ' to ' || shown[3])
                || coalesce(' vs ' || compare_subject || ' ' || shown[4], '')
                || case aggregate
                    when 'max' then ' (highest of ' || weeks_text || ')'
                    when 'min' then ' (lowest of ' || weeks_text || ')'
                    when 'avg' then ' (average of ' || weeks_text || ')'
                    when 'last' then ' (the week of ' || chosen_week || case
                        when weeks_covered = 1 then ', the only complete week in the period)'
                        else ', the last of ' || weeks_covered || ' complete weeks in the period)'
                    end
                    when 'any_week' then ' (the week of ' || chosen_week || case
                        when weeks_covered = 1 then ', the only complete week in the period)'
                        else ', the closest of ' || weeks_covered || ' complete weeks in the period)'
                    end
                    when 'crossing' then ' in the week of ' || chosen_week || ', after ' || shown[7] || ' vs ' || shown[8] || ' the week before'
                end
        end as our_value_text,
    from verdicts
),

explained as (
    select
        described.*,
        case verdict
            when 'not testable' then 'Not testable: ' || coalesce(not_testable_reason, 'the claim names no metric') || '.'
            when 'no data for that period' then
                'No complete week of ' || metric || ' for ' || coalesce(subject, '?') || coalesce(' and ' || compare_subject, '')
                || ' lies within ' || period_start::varchar || ' to ' || period_end::varchar || '.'
                || coalesce(
                    ' Our only data there is ' || partial_weeks || ' ('
                    || array_to_string(
                        list_transform(
                            partial_values,
                            p -> subject || ' ' || coalesce(
                                case
                                    when unit = 'tokens' then printf('%.3fT tokens', p.value / 1e12)
                                    when unit = 'share' then printf('%.1f%%', p.value * 100)
                                    when unit = 'downloads' then printf('%.1fM downloads', p.value / 1e6)
                                    else printf('%d', p.value::bigint)
                                end,
                                printf('%.1f%% to %.1f%%', p.value_low * 100, p.value_high * 100)
                            )
                            || coalesce(' vs ' || compare_subject || ' ' || case
                                when unit = 'tokens' then printf('%.3fT tokens', p.compare_value / 1e12)
                                when unit = 'share' then printf('%.1f%%', p.compare_value * 100)
                                when unit = 'downloads' then printf('%.1fM downloads', p.compare_value / 1e6)
                                else printf('%d', p.compare_value::bigint)
                            end, '')
                            || ' so far'
                        ),
                        '; '
                    )
                    || '): an incomplete week is not compared with a claim about the whole week.',
                    ''
                )
                || case
                    when metric_first_week is null then ' weekly_metrics has no complete week of this metric for ' || coalesce(subject, '?') || ' at all.'
                    else ' Our complete weeks of it run from ' || metric_first_week || ' to ' || metric_last_week || '.'
                end
            when 'matches' then
                case
                    when aggregate = 'crossing' then
                        subject || ' passed ' || compare_subject || ' in the week of ' || chosen_week || ', within the period'
                        || case when expected_value is null then '' else ', and the figures agree' end
                    when comparison = 'at_least' then 'Our value is at least the claim''s ' || claim_value
                    when our_value is null then 'The claim''s ' || claim_value || ' lies within our range'
                    when tolerance = 0 then 'Our value equals the claim''s ' || claim_value
                    else 'Our value agrees with the claim''s ' || claim_value
                end
                || case when tolerance > 0 then ' (tolerance ' || replace(signed[3], '+', '±') || ')' else '' end
                || '.'
            else
                case
                    when aggregate = 'crossing' and chosen_week is null then
                        'No week in the period where ' || subject || ' passed ' || compare_subject || ': ' || subject
                        || ' was above ' || compare_subject || ' in ' || weeks_above || ' and below it in ' || weeks_below
                        || ' of the ' || weeks_covered || ' complete week' || case when weeks_covered = 1 then '' else 's' end || '.'
                    else
                        case
                            when comparison = 'at_least' then 'Ours is below the claim''s ' || claim_value
                            else 'Ours differs from the claim''s ' || claim_value
                        end
                        || ' by ' || coalesce(signed[1], '0')
                        || coalesce(' (' || compare_subject || ': ' || signed[2] || ')', '')
                        || case when tolerance > 0 then ', beyond the tolerance of ' || replace(signed[3], '+', '±') else '' end
                        || '.'
                end
        end
        || case
            when verdict in ('matches', 'differs') and weeks_covered < weeks_in_period then
                ' Our data covers ' || weeks_covered || ' of the period''s ' || weeks_in_period || ' weeks.'
            else ''
        end
        || coalesce(' Caveat: ' || caveat || '.', '') as verdict_detail,
    from described
),

queried as (
    select
        explained.*,
        -- built from the claim's own repo columns, quoted; no request ever reaches it
        's.metric = ''' || replace(metric, '''', '''''') || ''' and '
            || case
                when organisation is not null then 's.organisation = ''' || replace(organisation, '''', '''''') || ''''
                else 's.organisation is null and s.origin_country = ''' || replace(origin_country, '''', '''''') || ''''
            end as subject_filter,
        case
            when compare_organisation is not null then 'c.organisation = ''' || replace(compare_organisation, '''', '''''') || ''''
            when compare_origin is not null then 'c.organisation is null and c.origin_country = ''' || replace(compare_origin, '''', '''''') || ''''
        end as compare_filter,
        value_kind = 'band' as is_band,
    from explained
),

with_sql as (
    select
        queried.*,
        case
            when metric is null then null
            else
                'select '
                || case
                    when aggregate in ('max', 'min', 'avg') and is_band then
                        aggregate || '(s.value_low) as our_value_low, ' || aggregate || '(s.value_high) as our_value_high, '
                    when aggregate in ('max', 'min', 'avg') then aggregate || '(s.value) as our_value, '
                    when is_band then 's.week_start, s.value_low as our_value_low, s.value_high as our_value_high, '
                    else 's.week_start, s.value as our_value, '
                end
                || case
                    when compare_filter is null then ''
                    when aggregate in ('max', 'min', 'avg') then aggregate || '(c.value) as our_compare_value, '
                    else 'c.value as our_compare_value, '
                end
                || case
                    when aggregate in ('max', 'min', 'avg') then 'count(*) as weeks_covered'
                    else 'count(*) over () as weeks_covered'
                end
                || ' from marts.weekly_metrics as s'
                || case
                    when compare_filter is null then ''
                    else ' inner join marts.weekly_metrics as c on c.week_start = s.week_start and c.metric = s.metric and ' || compare_filter
                end
                || ' where ' || subject_filter
                || ' and s.is_complete_week and s.week_start >= date ''' || period_start::varchar
                || ''' and s.week_start + 6 <= date ''' || period_end::varchar || ''''
                || case aggregate
                    when 'last' then ' order by s.week_start desc limit 1'
                    when 'any_week' then
                        ' order by '
                        || case
                            when is_band then 'greatest(s.value_low - ' || expected_value_text || ', ' || expected_value_text || ' - s.value_high, 0)'
                            else 'abs(s.value - ' || expected_value_text || ')'
                        end
                        || coalesce(' + abs(c.value - ' || compare_expected_value_text || ')', '')
                        || ', s.week_start desc limit 1'
                    when 'crossing' then
                        ' qualify s.previous_value <= c.previous_value and s.value > c.value order by s.week_start limit 1'
                    else ''
                end
        end as query,
    from queried
)

select
    claim_id::varchar as claim_id,
    definition_rank::integer as definition_rank,
    definition_label::varchar as definition_label,
    claim::varchar as claim,
    channel::varchar as channel,
    source::varchar as source,
    source_kind::varchar as source_kind,
    period::varchar as period,
    period_start::date as period_start,
    period_end::date as period_end,
    claim_value::varchar as claim_value,
    note::varchar as note,
    metric::varchar as metric,
    unit::varchar as unit,
    subject::varchar as subject,
    compare_subject::varchar as compare_subject,
    aggregate::varchar as aggregate,
    comparison::varchar as comparison,
    expected_value::double as expected_value,
    compare_expected_value::double as compare_expected_value,
    tolerance::double as tolerance,
    our_value::double as our_value,
    our_value_low::double as our_value_low,
    our_value_high::double as our_value_high,
    our_compare_value::double as our_compare_value,
    our_value_text::varchar as our_value_text,
    verdict::varchar as verdict,
    verdict_detail::varchar as verdict_detail,
    difference::double as difference,
    compare_difference::double as compare_difference,
    weeks_covered::integer as weeks_covered,
    weeks_in_period::integer as weeks_in_period,
    chosen_week::date as week_used,
    weekly_values_text::varchar as weekly_values_text,
    caveat::varchar as caveat,
    source_url::varchar as source_url,
    query::varchar as query,
    as_of::timestamp as as_of,
from with_sql
order by claim_id, definition_rank
