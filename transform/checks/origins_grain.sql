-- origins_grain: one registry row per platform x author (OpenRouter authors compared in lower case).
select
    platform,
    author,
    count(*) as rows,
from staging.stg_origins
group by platform, author
having count(*) > 1
