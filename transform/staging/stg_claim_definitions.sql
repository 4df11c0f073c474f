-- stg_claim_definitions: each claim under each definition it could mean: its own metric (definition_rank 0) and its
-- alternative_metrics (1, 2, ... in the order given), one row per claim x metric. evaluation_id = claim id and metric,
-- the key of claim_evaluations. A claim with no metric (not testable) keeps one row with metric NULL.
with

claims as (
    select * from staging.stg_claims
),

expanded as (
    select
        claims.* exclude (metric),
        defined.metric,
        defined.definition_rank,
    from claims,
        unnest(
            list_transform(
                list_prepend(claims.metric, claims.alternative_metrics),
                (m, i) -> {metric: m, definition_rank: i - 1}
            )
        ) as t(defined)
)

select
    (id || case when definition_rank = 0 then '' else ' / ' || metric end)::varchar as evaluation_id,
    id::varchar as claim_id,
    definition_rank::integer as definition_rank,
    * exclude (id, definition_rank),
from expanded
