-- metric_definitions_values: every metric definition is complete and uses the known vocabularies; one row per problem.
with

definitions as (
    select
        *,
        count(*) over (partition by metric) as rows_with_metric,
    from staging.stg_metric_definitions
),

problems as (
    select metric, 'duplicate metric' as problem from definitions where rows_with_metric > 1
    union all
    select metric, 'metric must be snake_case' from definitions where not regexp_full_match(coalesce(metric, ''), '[a-z][a-z0-9_]*')
    union all
    select metric, 'channel must be openrouter or huggingface' from definitions
    where channel is null or channel not in ('openrouter', 'huggingface')
    union all
    select metric, 'unit must be count, share, tokens, downloads or usd_per_mtok' from definitions
    where unit is null or unit not in ('count', 'share', 'tokens', 'downloads', 'usd_per_mtok')
    union all
    select metric, 'breakdown must be origin, organisation or channel' from definitions
    where breakdown is null or breakdown not in ('origin', 'organisation', 'channel')
    union all
    select metric, 'value_kind must be value or band' from definitions
    where value_kind is null or value_kind not in ('value', 'band')
    union all
    select metric, 'headline_order must be a whole number' from definitions
    where headline_order_text is not null and headline_order is null
    union all
    select metric, 'label or definition is empty' from definitions where label is null or definition is null
)

select * from problems
order by metric, problem
