-- origins_values: every registry row names a known platform, an author, and a country that is ISO 3166 alpha-2
-- or REDIST / COMMUNITY / INTL / UNKNOWN (an empty country would silently read as a real bucket downstream).
select
    platform,
    author,
    country,
from staging.stg_origins
where platform is null
    or platform not in ('huggingface', 'openrouter')
    or author is null
    or author = ''
    or country is null
    or not (
        regexp_full_match(country, '[A-Z]{2}')
        or country in ('REDIST', 'COMMUNITY', 'INTL', 'UNKNOWN')
    )
