-- origin_registry_atom_comparison: where do our origin registry and the ATOM Project's organisation regions agree, and where not? (a second opinion on origin, for review)
-- grain: one row per Hugging Face organisation in either list that ATOM lists, or that our registry lists with a country ATOM could classify (hf_org, exact case).
-- units: none (text); as_of = NULL (both lists are shipped seeds: ATOM's of 2026-08-17, ours as in the repository).
-- definition: our_region maps our registry's country to ATOM's buckets: CN -> china, US -> us, a European country (EU, EEA, UK, CH) -> eu, UNKNOWN -> unknown, any other ISO country -> other; REDIST, COMMUNITY and INTL have no ATOM bucket (status 'not comparable').
-- definition: status = 'agrees' (same bucket), 'disagrees' (different buckets: review, never copy), 'missing from registry' (ATOM lists the org, our registry does not: add it with evidence), 'ours unknown' (our registry says UNKNOWN where ATOM names a bucket: review whether the evidence now settles it), 'not comparable' (our bucket has no ATOM counterpart). Our orgs that ATOM does not list are not rows.
with

atom as (
    select * from staging.stg_atom__organization_regions
),

registry as (
    select * from staging.stg_origins
    where platform = 'huggingface'
),

mapped as (
    select
        author,
        organisation,
        country,
        evidence,
        case
            when country = 'CN' then 'china'
            when country = 'US' then 'us'
            when country in (
                'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE',
                'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'
            ) then 'eu'
            when country = 'UNKNOWN' then 'unknown'
            when country in ('REDIST', 'COMMUNITY', 'INTL') then null
            else 'other'
        end as our_region,
    from registry
),

compared as (
    select
        atom.hf_org,
        atom.region as atom_region,
        atom.notes as atom_notes,
        mapped.organisation,
        mapped.country as our_country,
        mapped.our_region,
        mapped.evidence as our_evidence,
        case
            when mapped.author is null then 'missing from registry'
            when mapped.our_region is null then 'not comparable'
            when mapped.our_region = atom.region then 'agrees'
            when mapped.our_region = 'unknown' then 'ours unknown'
            else 'disagrees'
        end as status,
    from atom
    left join mapped
        on mapped.author = atom.hf_org
)

select
    hf_org::varchar as hf_org,
    atom_region::varchar as atom_region,
    atom_notes::varchar as atom_notes,
    organisation::varchar as organisation,
    our_country::varchar as our_country,
    our_region::varchar as our_region,
    status::varchar as status,
    our_evidence::varchar as our_evidence,
    null::timestamp as as_of,
from compared
order by
    case status when 'disagrees' then 0 when 'missing from registry' then 1 when 'ours unknown' then 2 when 'not comparable' then 3 else 4 end,
    hf_org
