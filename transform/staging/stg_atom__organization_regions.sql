-- stg_atom__organization_regions: the ATOM Project's region for each Hugging Face organisation (seeds/atom_organization_regions.csv,
-- Apache-2.0, see seeds/ATOM-NOTICE.md). hf_org keeps its exact case; region is us, china, eu (a Europe-facing bucket,
-- not EU membership), other or unknown.
with

source as (
    select * from seeds.atom_organization_regions
)

select
    trim(hf_org)::varchar as hf_org,
    lower(trim(region))::varchar as region,
    nullif(trim(notes), '')::varchar as notes,
from source
where nullif(trim(hf_org), '') is not null
