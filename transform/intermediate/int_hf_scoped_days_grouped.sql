-- int_hf_scoped_days_grouped: the tracked models of each day summed per scope list and origin under both attributions:
-- one row per day x scopes x origin_country_uploader x organisation_uploader x origin_country_lineage x
-- organisation_lineage (a few dozen a day). The per-day summaries add up these sums instead of reading one row per
-- model and day (int_hf_tracked_days directly; int_hf_origin_days_summed and int_hf_organisation_days_summed spread
-- over scopes and attributions by int_hf_scoped_days_spread): sums of sums, NULL only where every model's value was
-- NULL.
-- models = tracked models; ranked_models = those with a top_rank (one row per model and day, so distinct models);
-- as_of = the latest snapshot_at; models_with_* = how many models had the value summed next to it.
-- incremental: day
with

scoped as (
    select * from intermediate.int_hf_snapshots_scoped
)

select
    day::date as day,
    scopes::varchar[] as scopes,
    origin_country_uploader::varchar as origin_country_uploader,
    organisation_uploader::varchar as organisation_uploader,
    origin_country_lineage::varchar as origin_country_lineage,
    organisation_lineage::varchar as organisation_lineage,
    count(*)::bigint as models,
    count(top_rank)::bigint as ranked_models,
    max(snapshot_at)::timestamp as as_of,
    -- a rolling 30-day count per model: summed across models of one day, never across days
    sum(downloads_30d)::hugeint as downloads_30d,
    count(downloads_all_time)::bigint as models_with_all_time,
    sum(downloads_all_time)::hugeint as downloads_all_time,
    count(downloads_daily)::bigint as models_with_daily,
    sum(downloads_daily)::hugeint as downloads_daily,
    (count(*) filter (where negative_all_time_delta))::bigint as negative_delta_flags,
    (count(*) filter (where probable_anomaly))::bigint as anomaly_flags,
from scoped
group by day, scopes, origin_country_uploader, organisation_uploader, origin_country_lineage, organisation_lineage
