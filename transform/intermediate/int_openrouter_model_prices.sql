-- int_openrouter_model_prices: each named permaslug's per-token prices from the latest collected catalogue snapshot
-- (staging.stg_openrouter__models), one row per permaslug the catalogue prices. Matched on canonical_slug = the
-- permaslug without its variant tag, then the entry whose id carries the same variant (':free' is priced 0 by
-- OpenRouter) or, for no variant, the id without one. No snapshot, or no entry: no row (the price is unknown, never 0).
with

families as (
    select * from intermediate.int_openrouter_model_families
),

catalogue as (
    select * from staging.stg_openrouter__models
),

matched as (
    select
        families.model_permaslug,
        catalogue.id as catalogue_id,
        catalogue.price_prompt_per_token,
        catalogue.price_completion_per_token,
        catalogue.snapshot_day,
    from families
    inner join catalogue
        on catalogue.canonical_slug = regexp_replace(families.model_permaslug, ':[^:/]+$', '')
    where case
        when families.variant_tag is null then catalogue.id not like '%:%'
        else catalogue.id like '%:' || families.variant_tag
    end
    qualify row_number() over (partition by families.model_permaslug order by catalogue.id) = 1
)

select
    model_permaslug::varchar as model_permaslug,
    catalogue_id::varchar as catalogue_id,
    price_prompt_per_token::double as price_prompt_per_token,
    price_completion_per_token::double as price_completion_per_token,
    snapshot_day::date as price_snapshot_day,
from matched
where price_prompt_per_token is not null
    and price_completion_per_token is not null
