-- weekly_metrics: every headline number of both channels, week by week, in one long table with its definition, unit and source (the series behind the cards, the combined chart and the claims).
-- grain: one row per week_start x metric x origin_country x organisation where the value is known (no row = no data, never a 0): origin rows for breakdown 'origin' (UNKNOWN is its own origin), origin_country 'ALL' for whole-channel metrics, one row per organisation (with its country) for breakdown 'organisation'; organisation is NULL unless the metric is per organisation.
-- units: unit says it per row: 'count' = models, 'share' = fraction in [0, 1], 'tokens' = prompt + completion tokens, 'downloads' = Hugging Face downloads, 'usd_per_mtok' = USD per million tokens; value, value_low, value_high DOUBLE (exact below 2^53, far above a week's tokens); as_of = UTC timestamp.
-- definition: metric ids and their one-sentence definitions are data: seeds/metric_definitions.csv (checks/weekly_metrics_definitions fails on an id without one). A 'band' metric (or_token_share_all, or_open_token_share_all) has value NULL and the range in value_low / value_high; other rows have value_low / value_high NULL.
-- definition: OpenRouter values come from openrouter_weekly_origin_share, openrouter_weekly_origin_family_share (or_families_*, or_open_*) and openrouter_weekly_developer_tokens (category 'all'; or_org_price_* from openrouter_weekly_developer_price, level 'organisation', at the latest catalogue snapshot's prices, no rows without one; or_programming_* from the programming estimate); Hugging Face values from hf_weekly_origin_share (tracked), hf_origin_top_n (top 30 / top 1000 on the week's last day with that depth) and developer_downloads, each on the week's last snapshot day.
-- definition: previous_value* = the same metric x origin x organisation in the week starting 7 days earlier (NULL when that week has no row), previous_is_complete_week that week's flag. is_complete_week as in the source mart (OpenRouter: 7 days of data; Hugging Face: the snapshot day is the Sunday). source = the citation to print with the number.
with

definitions as (
    select * from staging.stg_metric_definitions
),

openrouter_origins as (
    select * from marts.openrouter_weekly_origin_share
),

openrouter_families as (
    select * from marts.openrouter_weekly_origin_family_share
    where category = 'all'
),

openrouter_weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
    where category = 'all'
),

openrouter_developers as (
    select * from marts.openrouter_weekly_developer_tokens
    where category = 'all'
),

openrouter_developer_prices as (
    select * from marts.openrouter_weekly_developer_price
    where level = 'organisation'
        and subject <> 'UNKNOWN'  -- models with no registry organisation are no developer
),

hf_tracked as (
    select * from marts.hf_weekly_origin_share
),

hf_top_n as (
    select * from marts.hf_origin_top_n
    where top_n in (30, 1000)
        and scope in ('all', 'llm')  -- the atom scope is compared on tracked models only
),

-- each week's last day with that depth of the global top N (ranked_depth = top_n)
hf_top_n_days as (
    select * from intermediate.int_hf_week_snapshot_days
),

hf_developers as (
    select * from marts.developer_downloads
    where scope = 'all'
        and attribution = 'uploader'
),

openrouter_origin_values as (
    select
        week_start,
        origin_country,
        unnest([
            {metric: 'or_models_in_top_10', value: models_in_top_10::double, value_low: null::double, value_high: null::double},
            {metric: 'or_models_in_top_20', value: models_in_top_20::double, value_low: null::double, value_high: null::double},
            {metric: 'or_models_in_top_50', value: models_in_top_50::double, value_low: null::double, value_high: null::double},
            {metric: 'or_token_share_top50', value: token_share_top50, value_low: null::double, value_high: null::double},
            {metric: 'or_token_share_all', value: null::double, value_low: token_share_all_low, value_high: token_share_all_high},
            {metric: 'or_total_tokens', value: total_tokens::double, value_low: null::double, value_high: null::double}
        ]) as measured,
        is_complete_week,
        as_of,
    from openrouter_origins
    where category = 'all'
),

openrouter_family_values as (
    select
        week_start,
        origin_country,
        unnest([
            {metric: 'or_families_in_top_10', value: families_in_top_10::double, value_low: null::double, value_high: null::double},
            {metric: 'or_families_in_top_20', value: families_in_top_20::double, value_low: null::double, value_high: null::double},
            {metric: 'or_families_in_top_50', value: families_in_top_50::double, value_low: null::double, value_high: null::double},
            {metric: 'or_open_token_share_top50', value: open_token_share_top50, value_low: null::double, value_high: null::double},
            {metric: 'or_open_token_share_all', value: null::double, value_low: open_token_share_all_low, value_high: open_token_share_all_high}
        ]) as measured,
        is_complete_week,
        as_of,
    from openrouter_families
),

openrouter_programming_values as (
    select
        week_start,
        origin_country,
        {metric: 'or_programming_models_in_top_10', value: models_in_top_10::double, value_low: null::double, value_high: null::double}
            as measured,
        is_complete_week,
        as_of,
    from openrouter_origins
    where category = 'programming'
),

openrouter_channel_values as (
    select
        week_start,
        'ALL' as origin_country,
        -- NULL (no row) when a day lacks its `other` row: a missing `other` is never read as 0
        {metric: 'or_total_tokens_all_origins', value: all_tokens::double, value_low: null::double, value_high: null::double}
            as measured,
        is_complete_week,
        as_of,
    from openrouter_weeks
),

openrouter_developer_values as (
    select
        week_start,
        origin_country,
        organisation,
        {metric: 'or_org_total_tokens', value: total_tokens::double, value_low: null::double, value_high: null::double}
            as measured,
        is_complete_week,
        as_of,
    from openrouter_developers
),

openrouter_price_values as (
    select
        week_start,
        origin_country,
        subject as organisation,
        unnest([
            {metric: 'or_org_price_completion_per_mtok', value: price_completion_per_mtok, value_low: null::double, value_high: null::double},
            {metric: 'or_org_price_prompt_per_mtok', value: price_prompt_per_mtok, value_low: null::double, value_high: null::double}
        ]) as measured,
        is_complete_week,
        as_of,
    from openrouter_developer_prices
),

hf_tracked_values as (
    select
        week_start,
        origin_country,
        unnest([
            {
                metric: 'hf_tracked_' || scope || '_' || attribution || '_downloads_30d_share',
                value: downloads_30d_share, value_low: null::double, value_high: null::double
            },
            {
                metric: 'hf_tracked_' || scope || '_' || attribution || '_downloads_all_time',
                value: downloads_all_time::double, value_low: null::double, value_high: null::double
            }
        ]) as measured,
        is_complete_week,
        as_of,
    from hf_tracked
),

hf_top_n_values as (
    select
        hf_top_n_days.week_start,
        hf_top_n.origin_country,
        {
            metric: 'hf_top' || hf_top_n.top_n || '_' || hf_top_n.scope || '_' || hf_top_n.attribution || '_downloads_30d_share',
            value: hf_top_n.downloads_30d_share, value_low: null::double, value_high: null::double
        } as measured,
        hf_top_n_days.is_complete_week,
        hf_top_n.as_of,
    from hf_top_n_days
    inner join hf_top_n
        on hf_top_n.day = hf_top_n_days.snapshot_day
        and hf_top_n.top_n = hf_top_n_days.ranked_depth
),

hf_developer_values as (
    select
        week_start,
        origin_country,
        organisation,
        unnest([
            {metric: 'hf_org_all_uploader_downloads_30d', value: downloads_30d::double, value_low: null::double, value_high: null::double},
            {metric: 'hf_org_all_uploader_downloads_all_time', value: downloads_all_time::double, value_low: null::double, value_high: null::double}
        ]) as measured,
        is_complete_week,
        as_of,
    from hf_developers
),

measured as (
    select 'openrouter' as channel, week_start, origin_country, null as organisation, measured, is_complete_week, as_of
    from openrouter_origin_values
    union all
    select 'openrouter', week_start, origin_country, null, measured, is_complete_week, as_of
    from openrouter_family_values
    union all
    select 'openrouter', week_start, origin_country, null, measured, is_complete_week, as_of
    from openrouter_programming_values
    union all
    select 'openrouter', week_start, origin_country, null, measured, is_complete_week, as_of
    from openrouter_channel_values
    union all
    select 'openrouter', week_start, origin_country, organisation, measured, is_complete_week, as_of
    from openrouter_developer_values
    union all
    select 'openrouter', week_start, origin_country, organisation, measured, is_complete_week, as_of
    from openrouter_price_values
    union all
    select 'huggingface', week_start, origin_country, null, measured, is_complete_week, as_of
    from hf_tracked_values
    union all
    select 'huggingface', week_start, origin_country, null, measured, is_complete_week, as_of
    from hf_top_n_values
    union all
    select 'huggingface', week_start, origin_country, organisation, measured, is_complete_week, as_of
    from hf_developer_values
),

known as (
    select
        channel,
        week_start,
        measured.metric as metric,
        origin_country,
        organisation,
        measured.value as value,
        measured.value_low as value_low,
        measured.value_high as value_high,
        is_complete_week,
        as_of,
    from measured
    where measured.value is not null
        or (measured.value_low is not null and measured.value_high is not null)
),

with_previous as (
    select
        known.*,
        previous.value as previous_value,
        previous.value_low as previous_value_low,
        previous.value_high as previous_value_high,
        previous.is_complete_week as previous_is_complete_week,
    from known
    left join known as previous
        on previous.metric = known.metric
        and previous.origin_country = known.origin_country
        and previous.organisation is not distinct from known.organisation
        and previous.week_start = known.week_start - interval 7 day
)

select
    with_previous.week_start::date as week_start,
    with_previous.channel::varchar as channel,
    with_previous.metric::varchar as metric,
    with_previous.origin_country::varchar as origin_country,
    with_previous.organisation::varchar as organisation,
    with_previous.value::double as value,
    with_previous.value_low::double as value_low,
    with_previous.value_high::double as value_high,
    with_previous.previous_value::double as previous_value,
    with_previous.previous_value_low::double as previous_value_low,
    with_previous.previous_value_high::double as previous_value_high,
    with_previous.previous_is_complete_week::boolean as previous_is_complete_week,
    definitions.unit::varchar as unit,
    definitions.label::varchar as label,
    definitions.definition::varchar as definition,
    (
        case with_previous.channel
            when 'openrouter' then 'Source: OpenRouter (openrouter.ai/rankings), as of ' || with_previous.as_of::varchar
                || '; licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)'
            else 'Source: Hugging Face Hub API (huggingface.co), as of ' || with_previous.as_of::varchar
        end
    )::varchar as source,
    with_previous.is_complete_week::boolean as is_complete_week,
    with_previous.as_of::timestamp as as_of,
from with_previous
left join definitions
    on definitions.metric = with_previous.metric
order by week_start, channel, metric, origin_country, organisation
