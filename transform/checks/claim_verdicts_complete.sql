-- claim_verdicts_complete: every claim of seeds/claims.csv has exactly one verdict from the known list (claim_evaluations holds one per definition).
with

claims as (
    select id from staging.stg_claims
),

verdicts as (
    select * from marts.claim_verdicts
),

counted as (
    select
        claims.id,
        count(verdicts.id) as verdicts,
        max(verdicts.verdict) as verdict,
    from claims
    left join verdicts
        on verdicts.id = claims.id
    group by claims.id
)

select * from counted
where verdicts <> 1
    or verdict not in ('matches', 'differs', 'partly', 'no data for that period', 'not testable')
