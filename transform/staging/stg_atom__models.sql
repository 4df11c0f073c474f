-- stg_atom__models: the ATOM Project's curated models (seeds/atom_models.csv: in the ATOM report's charts;
-- seeds/atom_extra_models.csv: tracked, not yet charted), Apache-2.0, see seeds/ATOM-NOTICE.md. One row per repo id.
with

charted as (
    select * from seeds.atom_models
),

extra as (
    select * from seeds.atom_extra_models
),

listed as (
    select trim(modelId) as model_id, trim(org) as org, true as is_charted from charted
    union all
    select trim(modelId), trim(org), false from extra
)

select
    model_id::varchar as model_id,
    any_value(org)::varchar as org,
    bool_or(is_charted)::boolean as is_charted,
from listed
where nullif(model_id, '') is not null
group by model_id
