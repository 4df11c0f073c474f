-- claim_verdicts: do published claims about the Chinese share of model adoption hold on our data? One verdict per claim of seeds/claims.csv, with our value under the definition that decided it, our value under every definition it could mean, and the query that reproduces it.
-- grain: one row per claim (id).
-- units: expected_value, our_value*, difference, tolerance in the unit of the deciding metric (unit: 'count', 'share' = fraction in [0, 1], 'tokens', 'downloads'); weeks_covered (complete weeks used) and weeks_in_period (whole Monday-Sunday weeks inside the period) = counts of weeks; as_of = UTC timestamp.
-- definition: each claim is evaluated under each definition it could mean (claim_evaluations: its own metric, own_metric, and its alternative_metrics, e.g. model families beside permaslugs, every model beside open-weights ones). Each evaluation tests the metric on marts.weekly_metrics over the complete weeks wholly inside period_start..period_end with the claim's aggregate (max, min, avg, last, any_week, crossing) and tolerance ('approx' = |ours - theirs| <= tolerance, 'at_least' = ours >= theirs - tolerance; a band metric matches when the claim's value lies in the band widened by the tolerance).
-- definition: verdict = 'matches' when every definition with data matches, 'differs' when every one differs, 'partly' when some match and some differ; 'no data for that period' when no definition has a complete week in the period (an incomplete week is named, never compared); 'not testable' when the claim names no metric. metric (and our_value*, difference, week_used, query) belong to the deciding definition: the claim's own metric when it has data and agrees with the verdict, else the first alternative that matches (for 'partly') or has data. verdict_by_definition lists every definition's value and verdict; weekly_values_text the deciding definition's value in each complete week of the period.
-- definition: query = SQL to paste into the duckdb CLI on the published database to reproduce the deciding value and weeks_covered; as_of = the latest as_of of the weeks used, else of the claim's channel in weekly_metrics.
with

evaluations as (
    select * from marts.claim_evaluations
),

tallied as (
    select
        claim_id,
        count(*) filter (where verdict = 'matches') as matching,
        count(*) filter (where verdict = 'differs') as differing,
        bool_or(verdict = 'not testable' and definition_rank = 0) as untestable,
        string_agg(
            coalesce(definition_label, metric, 'no metric') || ': '
            || coalesce(
                our_value_text,
                coalesce(subject, '') || coalesce(' vs ' || compare_subject, '') || ' by week: ' || weekly_values_text,
                case verdict when 'not testable' then 'not testable' else 'no complete week in the period' end
            )
            || case when verdict in ('matches', 'differs') then ' (' || verdict || ')' else '' end,
            '; ' order by definition_rank
        ) as verdict_by_definition,
        any_value(metric) filter (where definition_rank = 0) as own_metric,
        any_value(verdict) filter (where definition_rank = 0) as own_verdict,
    from evaluations
    group by claim_id
),

combined as (
    select
        *,
        case
            when untestable then 'not testable'
            when matching > 0 and differing > 0 then 'partly'
            when matching > 0 then 'matches'
            when differing > 0 then 'differs'
            else 'no data for that period'
        end as verdict,
    from tallied
),

deciding as (
    select
        evaluations.*,
        combined.verdict as combined_verdict,
        combined.verdict_by_definition,
        combined.own_metric,
        combined.own_verdict,
    from evaluations
    inner join combined
        on combined.claim_id = evaluations.claim_id
    qualify row_number() over (
        partition by evaluations.claim_id
        order by
            case
                when combined.verdict in ('matches', 'differs') and evaluations.verdict = combined.verdict then 0
                when combined.verdict = 'partly' and evaluations.verdict = 'matches' then 0
                when evaluations.verdict in ('matches', 'differs') then 1
                else 2
            end,
            evaluations.definition_rank
    ) = 1
)

select
    claim_id::varchar as id,
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
    combined_verdict::varchar as verdict,
    (
        case
            when combined_verdict = 'partly' then
                'Partly: it matches by ' || coalesce(definition_label, metric) || ' and differs by another definition (see each below). '
            when metric is distinct from own_metric and combined_verdict in ('matches', 'differs') then
                'Decided by ' || coalesce(definition_label, metric) || ' (the claim''s own metric has no complete week in the period). '
            else ''
        end
        || verdict_detail
    )::varchar as verdict_detail,
    difference::double as difference,
    compare_difference::double as compare_difference,
    weeks_covered::integer as weeks_covered,
    weeks_in_period::integer as weeks_in_period,
    week_used::date as week_used,
    caveat::varchar as caveat,
    query::varchar as query,
    definition_label::varchar as deciding_definition,
    own_metric::varchar as own_metric,
    own_verdict::varchar as own_verdict,
    verdict_by_definition::varchar as verdict_by_definition,
    weekly_values_text::varchar as weekly_values_text,
    source_url::varchar as source_url,
    as_of::timestamp as as_of,
from deciding
order by id
