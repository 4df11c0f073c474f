-- model_first_seen: when did each model first appear in our data (a release marker for the charts), and is that its release or just the start of our data?
-- grain: one row per channel x model_id ('openrouter': a permaslug of the exact daily top 50, category all; 'huggingface': a tracked Hub repo, lineage-only fetches left out).
-- units: first_seen_rank = position; *_day = DATE; hub_created_at, as_of = UTC timestamps.
-- definition: first_seen_day = the first UTC day the model is in the data: OpenRouter's daily top 50 (latest values) or a Hugging Face snapshot; first_seen_week_start = its week (Monday). first_ranked_day = the first day in the ranked list (OpenRouter: the same day; Hugging Face: the first day in the global top N by 30-day downloads, NULL if never).
-- definition: first_seen_rank = rank that day (OpenRouter: by tokens among the day's named models, ties by permaslug; Hugging Face: top_rank, NULL outside the top N). hub_created_at = the Hub's createdAt where collected (NULL for OpenRouter and for the shipped Hugging Face history).
-- definition: is_left_censored = first_seen_day is the channel's first day of data (OpenRouter 2026-05-23, Hugging Face 2026-02-28 in the shipped history): the model was already there, so that day is not its release.
-- definition: organisation and origin_country from the origin registry (Hugging Face: the uploader attribution of hf_daily_origin_downloads) on first_seen_day; as_of = the channel's latest as_of (the data the first appearance is read from).
with

openrouter_days as (
    select * from marts.openrouter_daily_model_tokens
    where category = 'all'
        and not is_other
),

hf_snapshots as (
    select * from staging.stg_huggingface__model_snapshots
    where not lineage_only
),

-- the models' attribution runs (int_hf_models_attributed spreads them over the days the same way)
hf_attributed as (
    select * from intermediate.int_hf_model_attribution_runs
),

hf_creations as (
    select * from staging.stg_huggingface__model_creations
),

openrouter_ranked as (
    select
        day,
        model_permaslug,
        organisation,
        origin_country,
        row_number() over (partition by day order by total_tokens desc, model_permaslug) as day_rank,
    from openrouter_days
),

openrouter_first as (
    select
        'openrouter' as channel,
        model_permaslug as model_id,
        day as first_seen_day,
        day_rank as first_seen_rank,
        day as first_ranked_day,
        null::timestamp as hub_created_at,
        organisation,
        origin_country,
    from openrouter_ranked
    qualify row_number() over (partition by model_permaslug order by day) = 1
),

openrouter_span as (
    select
        min(day) as first_day,
        max(as_of) as as_of,
    from openrouter_days
),

hf_first_ranked as (
    select
        model_id,
        min(day) as first_ranked_day,
    from hf_snapshots
    where top_rank is not null
    group by model_id
),

-- Each model's first snapshot, by aggregation (a hash per model, no sort of every snapshot row). (day, model_id) is
-- unique, so first_seen_rank and first_author are that day's values, NULL included: arg_min_null, as arg_min skips the
-- rows whose value is NULL (it would give the rank of the first ranked day to a model unranked on its first).
hf_first_snapshots as (
    select
        model_id,
        min(day) as first_seen_day,
        arg_min_null(top_rank, day) as first_seen_rank,
        arg_min_null(author, day) as first_author,
    from hf_snapshots
    group by model_id
),

hf_first as (
    select
        'huggingface' as channel,
        hf_first_snapshots.model_id,
        hf_first_snapshots.first_seen_day,
        hf_first_snapshots.first_seen_rank,
        hf_first_ranked.first_ranked_day,
        hf_creations.created_at as hub_created_at,
        hf_attributed.organisation_uploader as organisation,
        hf_attributed.origin_country_uploader as origin_country,
    from hf_first_snapshots
    left join hf_first_ranked
        on hf_first_ranked.model_id = hf_first_snapshots.model_id
    left join hf_creations
        on hf_creations.model_id = hf_first_snapshots.model_id
    left join hf_attributed
        on hf_attributed.model_id = hf_first_snapshots.model_id
        and hf_attributed.author is not distinct from hf_first_snapshots.first_author
        and hf_first_snapshots.first_seen_day between hf_attributed.first_day and hf_attributed.last_day
),

hf_span as (
    select
        min(day) as first_day,
        max(snapshot_at) as as_of,
    from hf_snapshots
),

first_seen as (
    select
        openrouter_first.*,
        openrouter_first.first_seen_day = openrouter_span.first_day as is_left_censored,
        openrouter_span.as_of,
    from openrouter_first
    cross join openrouter_span
    union all
    select
        hf_first.*,
        hf_first.first_seen_day = hf_span.first_day as is_left_censored,
        hf_span.as_of,
    from hf_first
    cross join hf_span
)

select
    channel::varchar as channel,
    model_id::varchar as model_id,
    first_seen_day::date as first_seen_day,
    date_trunc('week', first_seen_day)::date as first_seen_week_start,
    first_seen_rank::integer as first_seen_rank,
    first_ranked_day::date as first_ranked_day,
    hub_created_at::timestamp as hub_created_at,
    organisation::varchar as organisation,
    origin_country::varchar as origin_country,
    is_left_censored::boolean as is_left_censored,
    as_of::timestamp as as_of,
from first_seen
order by channel, first_seen_day, first_seen_rank nulls last, model_id
