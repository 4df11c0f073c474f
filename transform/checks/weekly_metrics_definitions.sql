-- weekly_metrics_definitions: every number has its definition: a metric id the SQL produces (e.g. a new scope in
-- seeds/hf_pipeline_scopes.csv) needs a row in seeds/metric_definitions.csv before it can be published.
select distinct
    metric,
    channel,
from marts.weekly_metrics
where definition is null
    or unit is null
