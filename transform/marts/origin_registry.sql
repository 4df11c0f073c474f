-- origin_registry: who builds each model, and on what evidence? The origin registry as the dashboard's method page and anyone's own query read it.
-- grain: one row per platform x author (OpenRouter: a permaslug's author prefix, lower case; Hugging Face: a repo owner, exact case).
-- units: text only.
-- definition: organisation = the developer organisation (several authors can share one); country = ISO 3166 alpha-2 of the developer's base, or INTL (an international group), COMMUNITY (an open community), REDIST (a re-uploader: its models take their base model's origin) or UNKNOWN.
-- definition: note = what the registry says about the author; evidence = where the attribution comes from. An author missing from this table has origin UNKNOWN, its own bucket, never "not Chinese". From seeds/origins.csv.
with

origins as (
    select * from staging.stg_origins
)

select
    platform::varchar as platform,
    author::varchar as author,
    organisation::varchar as organisation,
    developer::varchar as developer,
    country::varchar as country,
    note::varchar as note,
    evidence::varchar as evidence,
from origins
order by platform, lower(author), author
