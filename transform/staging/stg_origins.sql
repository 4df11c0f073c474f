-- stg_origins: the origin registry (seeds/origins.csv), trimmed; one row per platform x author.
-- OpenRouter authors are permaslug prefixes, compared in lower case; Hugging Face authors keep their exact case.
-- Empty cells become NULL. Country is ISO 3166 alpha-2 or REDIST / COMMUNITY / INTL / UNKNOWN (checks/origins_values).
with

source as (
    select * from seeds.origins
),

cleaned as (
    select
        lower(trim(platform)) as platform,
        case
            when lower(trim(platform)) = 'openrouter' then lower(trim(author))
            else trim(author)
        end as author,
        nullif(trim(organisation), '') as organisation,
        nullif(trim(developer), '') as developer,
        upper(trim(country)) as country,
        nullif(trim(note), '') as note,
        nullif(trim(evidence), '') as evidence,
    from source
)

select
    platform::varchar as platform,
    author::varchar as author,
    organisation::varchar as organisation,
    developer::varchar as developer,
    country::varchar as country,
    note::varchar as note,
    evidence::varchar as evidence,
from cleaned
