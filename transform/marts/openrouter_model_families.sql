-- openrouter_model_families: which permaslugs does each model family group, and is each model's weights status known? (the auditable list behind every "by family" and "open weights" number)
-- grain: one row per model_permaslug named in the OpenRouter record (every category; `other` is never a model).
-- units: first_day / last_day = UTC days with data in the exact daily dataset (NULL if only in category estimates); permaslugs_in_family = count; as_of = UTC timestamp of the latest rankings value behind the record.
-- definition: family_slug = the permaslug without its variant tag (':free', ':beta', ':thinking', ':extended', ...) and then without a trailing 8-digit date suffix ('-20260423'); other version marks ('-0324', '-04-28', '-2507') stay, as OpenRouter's rankings page lists those as separate models. variant_tag and date_suffix are what was dropped.
-- definition: catalogue_id / catalogue_family / catalogue_name come from the latest collected catalogue snapshot (catalogue_day), matched on canonical_slug = permaslug without variant tag; catalogue_agrees = (catalogue_family = family_slug), NULL where the catalogue does not know the model or was never collected.
-- definition: weights = 'open' (the catalogue gives the family a hugging_face_id, or seeds/open_weights.csv names its Hub repo), 'closed' (seeds/open_weights.csv: a line its developer serves only through an API), else 'unknown' (never guessed); weights_evidence says which.
with

families as (
    select * from intermediate.int_openrouter_model_families
),

record as (
    select max(as_of) as as_of from intermediate.int_openrouter_rankings_latest
),

counted as (
    select
        families.*,
        count(*) over (partition by family_slug) as permaslugs_in_family,
    from families
)

select
    counted.model_permaslug::varchar as model_permaslug,
    counted.family_slug::varchar as family_slug,
    counted.variant_tag::varchar as variant_tag,
    counted.date_suffix::varchar as date_suffix,
    counted.permaslugs_in_family::integer as permaslugs_in_family,
    counted.author::varchar as author,
    counted.organisation::varchar as organisation,
    counted.origin_country::varchar as origin_country,
    counted.catalogue_id::varchar as catalogue_id,
    counted.catalogue_family::varchar as catalogue_family,
    counted.catalogue_name::varchar as catalogue_name,
    counted.catalogue_day::date as catalogue_day,
    counted.catalogue_agrees::boolean as catalogue_agrees,
    counted.weights::varchar as weights,
    counted.hub_repo::varchar as hub_repo,
    counted.weights_evidence::varchar as weights_evidence,
    counted.first_day::date as first_day,
    counted.last_day::date as last_day,
    record.as_of::timestamp as as_of,
from counted
cross join record
order by family_slug, model_permaslug
