-- hf_pipeline_scopes_values: seeds/hf_pipeline_scopes.csv names narrower scopes only ('all' holds every model
-- already, so an 'all' row would count models twice) in lower-case snake_case.
select
    pipeline_tag,
    scope,
from staging.stg_huggingface__pipeline_scopes
where scope = 'all'
    or not regexp_full_match(scope, '[a-z][a-z0-9_]*')
