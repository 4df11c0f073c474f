-- stg_huggingface__pipeline_scopes: which Hub pipeline tags belong to which narrower scope (seeds/hf_pipeline_scopes.csv).
-- Every model is in scope 'all'; a model whose pipeline_tag is listed here is also in that row's scope (e.g. 'llm').
-- A model with no pipeline_tag is in 'all' only.
with

source as (
    select * from seeds.hf_pipeline_scopes
)

select distinct
    trim(pipeline_tag)::varchar as pipeline_tag,
    lower(trim(scope))::varchar as scope,
from source
where nullif(trim(pipeline_tag), '') is not null
    and nullif(trim(scope), '') is not null
