-- int_hf_scoped_days_spread: the per-day sums of int_hf_scoped_days_grouped spread over scopes and attributions: one
-- row per day x scope list group x scope x attribution, with that attribution's origin_country and organisation (NULL
-- where the registry has none). The per-day summaries (int_hf_origin_days_summed, int_hf_organisation_days_summed) add
-- these up by their own grain: the same sums as over one row per model, scope and attribution.
-- A view: a few dozen rows a day, computed again by each of its two readers rather than written.
-- incremental: day
-- materialized: view
with

grouped as (
    select * from intermediate.int_hf_scoped_days_grouped
),

spread_scopes as (
    select
        grouped.* exclude (scopes),
        unnest(grouped.scopes) as scope,
    from grouped
),

spread_attributions as (
    select
        spread_scopes.*,
        unnest([
            {attribution: 'uploader', origin_country: origin_country_uploader, organisation: organisation_uploader},
            {attribution: 'lineage', origin_country: origin_country_lineage, organisation: organisation_lineage}
        ]) as attribution,
    from spread_scopes
)

select
    day::date as day,
    scope::varchar as scope,
    attribution.attribution::varchar as attribution,
    attribution.origin_country::varchar as origin_country,
    attribution.organisation::varchar as organisation,
    models::bigint as models,
    as_of::timestamp as as_of,
    downloads_30d::hugeint as downloads_30d,
    models_with_all_time::bigint as models_with_all_time,
    downloads_all_time::hugeint as downloads_all_time,
    models_with_daily::bigint as models_with_daily,
    downloads_daily::hugeint as downloads_daily,
    negative_delta_flags::bigint as negative_delta_flags,
    anomaly_flags::bigint as anomaly_flags,
from spread_attributions
