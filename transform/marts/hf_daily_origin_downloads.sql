-- hf_daily_origin_downloads: how many Hugging Face downloads went to models from each origin country, day by day?
-- grain: one row per day x scope x attribution x origin_country with at least one tracked model (no zero rows); UNKNOWN is its own origin.
-- units: models, models_with_* and *_flags = counts of models; downloads_* = downloads (BIGINT); *_share = fractions in [0, 1] (DOUBLE); as_of = UTC timestamp.
-- definition: tracked models = that day's snapshot rows not fetched only for lineage (the tracked organisations plus the global top N by 30-day downloads). scope 'all' = every tracked model; 'llm' = pipeline_tag listed in seeds/hf_pipeline_scopes.csv; no pipeline_tag = 'all' only; 'atom' = the tracked models named in the ATOM Project's curated lists (seeds/atom_models.csv and atom_extra_models.csv: post-ChatGPT language and vision-language models with first-party weights, Apache-2.0), the scope behind the ATOM report's download figures.
-- definition: attribution 'uploader' = country of the repo's author in the registry; 'lineage' = country of the author of the base-model chain's root. REDIST authors (quantizers, repackagers) take their base model's country under both; no known base = UNKNOWN.
-- definition: downloads_30d = sum of the Hub's rolling 30-day counts that day (never add days together). downloads_all_time = sum over the models_with_all_time models that report it, NULL when none does. downloads_daily = sum of day-over-day all-time differences over the models_with_daily models where it is derivable (snapshots one day apart, no drop), NULL when none.
-- definition: each *_share = that sum / the same sum over all origins of the day x scope x attribution; shares sum to 1 there. negative_delta_flags = models whose all-time count dropped since their previous snapshot; anomaly_flags = models whose daily downloads exceed 10 x the median of their previous 14 derivable days (at least 7 of them).
-- definition: as_of = the latest snapshot_at of that day.
-- incremental: day
with

summed as (
    select * from intermediate.int_hf_origin_days_summed
)

select
    day::date as day,
    scope::varchar as scope,
    attribution::varchar as attribution,
    origin_country::varchar as origin_country,
    models::integer as models,
    downloads_30d::bigint as downloads_30d,
    downloads_30d_share::double as downloads_30d_share,
    models_with_all_time::integer as models_with_all_time,
    downloads_all_time::bigint as downloads_all_time,
    downloads_all_time_share::double as downloads_all_time_share,
    models_with_daily::integer as models_with_daily,
    downloads_daily::bigint as downloads_daily,
    downloads_daily_share::double as downloads_daily_share,
    negative_delta_flags::integer as negative_delta_flags,
    anomaly_flags::integer as anomaly_flags,
    as_of::timestamp as as_of,
from summed
order by day, scope, attribution, downloads_30d desc nulls last, origin_country
