-- stg_open_weights: the known weights status of OpenRouter model families (seeds/open_weights.csv), each row with
-- its evidence. match = 'family': pattern is one family slug (see int_openrouter_model_families); match = 'prefix':
-- every family whose slug starts with pattern (a developer line published only through an API). A family matched
-- by neither (nor by the catalogue's hugging_face_id) is 'unknown': never guessed.
with

source as (
    select * from seeds.open_weights
),

cleaned as (
    select
        lower(trim(pattern)) as pattern,
        lower(trim(match)) as match,
        lower(trim(weights)) as weights,
        nullif(trim(hub_repo), '') as hub_repo,
        nullif(trim(evidence), '') as evidence,
    from source
)

select
    pattern::varchar as pattern,
    match::varchar as match,
    weights::varchar as weights,
    hub_repo::varchar as hub_repo,
    evidence::varchar as evidence,
from cleaned
