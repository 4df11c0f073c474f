-- int_openrouter_model_families: every named OpenRouter permaslug in the record, with its model family and weights
-- status. One row per model_permaslug.
-- Family rule (documented in docs/methodology.md): drop a trailing variant tag (':free', ':beta', ':thinking',
-- ':extended', ...), then a trailing 8-digit date suffix ('-20260423'). Other version marks ('-0324', '-04-28',
-- '-2507') are kept: OpenRouter's rankings page lists those as different models.
-- Catalogue check: where the latest catalogue snapshot has an entry whose canonical_slug is the permaslug without
-- its variant tag, catalogue_family is that entry's id without variant tag; catalogue_agrees compares it with ours.
-- Weights: the catalogue's hugging_face_id (open), else seeds/open_weights.csv (family, then longest prefix), else
-- 'unknown'.
with

latest as (
    select * from intermediate.int_openrouter_rankings_latest
    where not is_other
),

catalogue as (
    select * from staging.stg_openrouter__models
),

known_weights as (
    select * from staging.stg_open_weights
),

permaslugs as (
    select
        model_permaslug,
        any_value(author) as author,
        any_value(organisation) as organisation,
        any_value(origin_country) as origin_country,
        min(period_start) filter (where period = 'day') as first_day,
        max(period_start) filter (where period = 'day') as last_day,
    from latest
    group by model_permaslug
),

parsed as (
    select
        *,
        nullif(regexp_extract(model_permaslug, ':([^:/]+)$', 1), '') as variant_tag,
        regexp_replace(model_permaslug, ':[^:/]+$', '') as base_slug,
    from permaslugs
),

grouped as (
    select
        *,
        nullif(regexp_extract(base_slug, '-([0-9]{8})$', 1), '') as date_suffix,
        regexp_replace(base_slug, '-[0-9]{8}$', '') as family_slug,
    from parsed
),

checked as (
    select
        grouped.*,
        catalogue.id as catalogue_id,
        regexp_replace(catalogue.id, ':[^:/]+$', '') as catalogue_family,
        catalogue.name as catalogue_name,
        catalogue.hugging_face_id,
        catalogue.snapshot_day as catalogue_day,
    from grouped
    left join catalogue
        on catalogue.canonical_slug = grouped.base_slug
    qualify row_number() over (partition by grouped.model_permaslug order by catalogue.id) = 1
),

family_hub as (
    -- a family is open when the catalogue gives any of its permaslugs a Hub repo
    select family_slug, min(hugging_face_id) as hugging_face_id, min(catalogue_day) as catalogue_day,
    from checked
    where hugging_face_id is not null
    group by family_slug
),

seeded as (
    select
        checked.model_permaslug,
        known_weights.weights,
        known_weights.hub_repo,
        known_weights.evidence,
    from checked
    inner join known_weights
        on (known_weights.match = 'family' and known_weights.pattern = checked.family_slug)
        or (known_weights.match = 'prefix' and starts_with(checked.family_slug, known_weights.pattern))
    qualify row_number() over (
        partition by checked.model_permaslug
        order by case known_weights.match when 'family' then 0 else 1 end, length(known_weights.pattern) desc
    ) = 1
),

resolved as (
    select
        checked.*,
        case
            when family_hub.hugging_face_id is not null then 'open'
            when seeded.weights is not null then seeded.weights
            else 'unknown'
        end as weights,
        coalesce(family_hub.hugging_face_id, seeded.hub_repo) as hub_repo,
        case
            when family_hub.hugging_face_id is not null
                then 'OpenRouter catalogue (snapshot ' || family_hub.catalogue_day::varchar || '): hugging_face_id '
                    || family_hub.hugging_face_id
            when seeded.weights is not null then 'seeds/open_weights.csv: ' || seeded.evidence
            else 'no catalogue hugging_face_id and no row in seeds/open_weights.csv: not guessed'
        end as weights_evidence,
    from checked
    left join family_hub on family_hub.family_slug = checked.family_slug
    left join seeded on seeded.model_permaslug = checked.model_permaslug
)

select
    model_permaslug::varchar as model_permaslug,
    family_slug::varchar as family_slug,
    variant_tag::varchar as variant_tag,
    date_suffix::varchar as date_suffix,
    author::varchar as author,
    organisation::varchar as organisation,
    origin_country::varchar as origin_country,
    catalogue_id::varchar as catalogue_id,
    catalogue_family::varchar as catalogue_family,
    catalogue_name::varchar as catalogue_name,
    catalogue_day::date as catalogue_day,
    (catalogue_family = family_slug)::boolean as catalogue_agrees,
    weights::varchar as weights,
    hub_repo::varchar as hub_repo,
    weights_evidence::varchar as weights_evidence,
    first_day::date as first_day,
    last_day::date as last_day,
from resolved
