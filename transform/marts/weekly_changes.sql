-- weekly_changes: what changed this week? Entrants and exits of the top 20, the biggest movers in it, and crossings (Chinese share passing US share, a developer passing another), on both channels: the digest page and /feed.xml.
-- grain: one row per week_start x channel x kind x metric x subject, for weeks that are complete and whose previous week is complete too (a partial week is never compared).
-- units: unit says what value_* and compare_* hold: 'rank' = position in the top 20; 'share' = fraction in [0, 1]; 'tokens'; 'downloads'. as_of = UTC timestamp.
-- definition: kind 'entrant' / 'exit' = a model in this week's top 20 and not the previous week's, or the reverse (OpenRouter: openrouter_weekly_top_changes, category all, ranked by weekly tokens; Hugging Face: hf_top_models on the week's Sunday vs the Sunday before, ranked by 30-day downloads). value_before / value_after = rank the week before / this week.
-- definition: kind 'mover' = the 3 biggest rank gains and the 3 biggest losses among models in both weeks' top 20 (ties: better current rank, then name).
-- definition: kind 'crossing' = subject passed compare_subject week over week (below or level the week before, above this week): CN vs US on each headline share metric of weekly_metrics (either direction), and any two developer organisations of the week's top 10 on each per-organisation metric ('UNKNOWN' is not an organisation). value_* are the subject's, compare_* the passed one's.
-- definition: metric = the weekly_metrics id compared, or or_top20_rank / hf_top20_rank for rank changes; definition = what that figure is; detail = the sentence for the digest and the feed.
with

top_changes as (
    select * from marts.openrouter_weekly_top_changes
    where category = 'all'
        and is_complete_week
        and previous_is_complete_week
),

hf_top as (
    select * from marts.hf_top_models
),

-- each week's last day with a ranked top N, the days of hf_top_models (int_hf_week_snapshot_days)
hf_weeks as (
    select * from intermediate.int_hf_week_snapshot_days
    where ranked_depth = 1
),

metrics as (
    select * from marts.weekly_metrics
    where is_complete_week
        and previous_is_complete_week
),

definitions as (
    select * from staging.stg_metric_definitions
),

openrouter_ranks as (
    select
        'openrouter' as channel,
        week_start,
        model_permaslug as subject,
        organisation,
        origin_country,
        status,
        rank,
        previous_rank,
        as_of,
    from top_changes
),

hf_week_as_of as (
    select
        date_trunc('week', day)::date as week_start,
        max(as_of) as as_of,
    from hf_top
    group by date_trunc('week', day)::date
),

-- complete weeks whose previous week is complete too (is_complete_week: the snapshot day is the Sunday)
hf_compared_weeks as (
    select
        hf_weeks.week_start,
        hf_weeks.snapshot_day as day,
        previous.snapshot_day as previous_day,
        hf_week_as_of.as_of,
    from hf_weeks
    inner join hf_weeks as previous
        on previous.week_start = hf_weeks.week_start - interval 7 day
    inner join hf_week_as_of
        on hf_week_as_of.week_start = hf_weeks.week_start
    where hf_weeks.is_complete_week
        and previous.is_complete_week
),

hf_top_20 as (
    select * from hf_top
    where rank <= 20
),

hf_current as (
    select
        hf_compared_weeks.week_start,
        hf_top_20.*,
    from hf_compared_weeks
    inner join hf_top_20
        on hf_top_20.day = hf_compared_weeks.day
),

hf_previous as (
    select
        hf_compared_weeks.week_start,
        hf_top_20.*,
    from hf_compared_weeks
    inner join hf_top_20
        on hf_top_20.day = hf_compared_weeks.previous_day
),

hf_ranks as (
    select
        'huggingface' as channel,
        hf_compared_weeks.week_start,
        coalesce(hf_current.model_id, hf_previous.model_id) as subject,
        coalesce(hf_current.organisation, hf_previous.organisation) as organisation,
        coalesce(hf_current.origin_country_uploader, hf_previous.origin_country_uploader) as origin_country,
        case
            when hf_previous.rank is null then 'new'
            when hf_current.rank is null then 'exit'
            when hf_current.rank < hf_previous.rank then 'up'
            when hf_current.rank > hf_previous.rank then 'down'
            else 'same'
        end as status,
        hf_current.rank,
        hf_previous.rank as previous_rank,
        hf_compared_weeks.as_of,
    from hf_current
    full join hf_previous
        on hf_previous.week_start = hf_current.week_start
        and hf_previous.model_id = hf_current.model_id
    inner join hf_compared_weeks
        on hf_compared_weeks.week_start = coalesce(hf_current.week_start, hf_previous.week_start)
),

ranks as (
    select * from openrouter_ranks
    union all
    select * from hf_ranks
),

rank_entries as (
    select
        ranks.*,
        case status when 'new' then 'entrant' when 'exit' then 'exit' end as kind,
    from ranks
    where status in ('new', 'exit')
),

movers as (
    select
        ranks.*,
        'mover' as kind,
    from ranks
    where status = 'up'
    qualify row_number() over (
        partition by channel, week_start
        order by previous_rank - rank desc, rank, subject
    ) <= 3
    union all
    select
        ranks.*,
        'mover' as kind,
    from ranks
    where status = 'down'
    qualify row_number() over (
        partition by channel, week_start
        order by previous_rank - rank, rank, subject
    ) <= 3
),

rank_changes as (
    select
        week_start,
        channel,
        kind,
        case channel when 'openrouter' then 'or_top20_rank' else 'hf_top20_rank' end as metric,
        subject,
        null as compare_subject,
        origin_country,
        organisation,
        previous_rank::double as value_before,
        rank::double as value_after,
        null::double as compare_before,
        null::double as compare_after,
        'rank' as unit,
        case channel
            when 'openrouter' then 'Rank by prompt + completion tokens that week among OpenRouter''s models (category all; weekly sums of the exact daily top 50).'
            else 'Rank by 30-day downloads among all Hugging Face Hub models on the week''s Sunday snapshot.'
        end as definition,
        as_of,
    from (select * from rank_entries union all select * from movers)
),

origin_pairs as (
    select
        cn.week_start,
        cn.channel,
        cn.metric,
        cn.value as cn_value,
        cn.previous_value as cn_previous,
        us.value as us_value,
        us.previous_value as us_previous,
        cn.unit,
        cn.definition,
        greatest(cn.as_of, us.as_of) as as_of,
    from metrics as cn
    inner join metrics as us
        on us.week_start = cn.week_start
        and us.metric = cn.metric
        and us.origin_country = 'US'
        and us.organisation is null
    inner join definitions
        on definitions.metric = cn.metric
    where cn.origin_country = 'CN'
        and cn.organisation is null
        and definitions.headline_order is not null
        and definitions.unit = 'share'
        and definitions.value_kind = 'value'
        and cn.previous_value is not null
        and us.previous_value is not null
),

origin_crossings as (
    select
        week_start,
        channel,
        'crossing' as kind,
        metric,
        'CN passed US' as subject,
        'US' as compare_subject,
        'CN' as origin_country,
        null as organisation,
        cn_previous as value_before,
        cn_value as value_after,
        us_previous as compare_before,
        us_value as compare_after,
        unit,
        definition,
        as_of,
    from origin_pairs
    where cn_previous <= us_previous and cn_value > us_value
    union all
    select
        week_start,
        channel,
        'crossing' as kind,
        metric,
        'US passed CN' as subject,
        'CN' as compare_subject,
        'US' as origin_country,
        null as organisation,
        us_previous as value_before,
        us_value as value_after,
        cn_previous as compare_before,
        cn_value as compare_after,
        unit,
        definition,
        as_of,
    from origin_pairs
    where us_previous <= cn_previous and us_value > cn_value
),

organisations_ranked as (
    select
        metrics.*,
        row_number() over (
            partition by metrics.week_start, metrics.metric
            order by metrics.value desc, metrics.organisation
        ) as organisation_rank,
    from metrics
    inner join definitions
        on definitions.metric = metrics.metric
    where definitions.breakdown = 'organisation'
        and metrics.organisation <> 'UNKNOWN'
),

organisation_crossings as (
    select
        passer.week_start,
        passer.channel,
        'crossing' as kind,
        passer.metric,
        passer.organisation || ' passed ' || passed.organisation as subject,
        passed.organisation as compare_subject,
        passer.origin_country,
        passer.organisation,
        passer.previous_value as value_before,
        passer.value as value_after,
        passed.previous_value as compare_before,
        passed.value as compare_after,
        passer.unit,
        passer.definition,
        greatest(passer.as_of, passed.as_of) as as_of,
        passed.origin_country as compare_origin_country,
    from organisations_ranked as passer
    inner join organisations_ranked as passed
        on passed.week_start = passer.week_start
        and passed.metric = passer.metric
        and passed.organisation <> passer.organisation
    where passer.organisation_rank <= 10
        and passed.organisation_rank <= 10
        and passer.value > passed.value
        and passer.previous_value <= passed.previous_value
),

changes as (
    select *, null as compare_origin_country from rank_changes
    union all
    select *, null as compare_origin_country from origin_crossings
    union all
    select * from organisation_crossings
),

formatted as (
    select
        changes.*,
        labels.label,
        list_transform(
            [value_before, value_after, compare_before, compare_after],
            x -> case
                when x is null then null
                when unit = 'share' then printf('%.1f%%', x * 100)
                when unit = 'tokens' and x >= 1e12 then printf('%.2fT tokens', x / 1e12)
                when unit = 'tokens' then printf('%.1fB tokens', x / 1e9)
                when unit = 'downloads' and x >= 1e9 then printf('%.2fB downloads', x / 1e9)
                when unit = 'downloads' and x >= 1e6 then printf('%.1fM downloads', x / 1e6)
                when unit = 'downloads' then format('{:,} downloads', x::bigint)
                else printf('%d', x::bigint)
            end
        ) as shown,
        subject || ' (' || coalesce(origin_country, 'UNKNOWN') || coalesce(', ' || organisation, '') || ')' as who,
        case channel
            when 'openrouter' then 'OpenRouter''s weekly top 20'
            else 'the Hugging Face Hub''s top 20 by 30-day downloads'
        end as top_list,
    from changes
    left join (select metric, label from definitions) as labels
        on labels.metric = changes.metric
),

described as (
    select
        formatted.*,
        case kind
            when 'entrant' then printf(
                '%s entered %s at rank %s in the week of %s.', who, top_list, shown[2], week_start::varchar
            )
            when 'exit' then printf(
                '%s left %s in the week of %s; it was rank %s the week before.', who, top_list, week_start::varchar, shown[1]
            )
            when 'mover' then printf(
                '%s %s from rank %s to rank %s in %s in the week of %s.',
                who, case when value_after < value_before then 'rose' else 'fell' end, shown[1], shown[2], top_list,
                week_start::varchar
            )
            else printf(
                'In the week of %s, %s passed %s in %s: %s vs %s (the week before: %s vs %s).',
                week_start::varchar,
                coalesce(organisation || ' (' || origin_country || ')', origin_country),
                coalesce(compare_subject || ' (' || compare_origin_country || ')', compare_subject),
                lower(label[1:1]) || label[2:], shown[2], shown[4], shown[1], shown[3]
            )
        end as detail,
    from formatted
)

select
    week_start::date as week_start,
    channel::varchar as channel,
    kind::varchar as kind,
    metric::varchar as metric,
    subject::varchar as subject,
    compare_subject::varchar as compare_subject,
    origin_country::varchar as origin_country,
    organisation::varchar as organisation,
    detail::varchar as detail,
    value_before::double as value_before,
    value_after::double as value_after,
    compare_before::double as compare_before,
    compare_after::double as compare_after,
    unit::varchar as unit,
    definition::varchar as definition,
    as_of::timestamp as as_of,
from described
order by
    week_start,
    channel,
    case kind when 'crossing' then 1 when 'entrant' then 2 when 'exit' then 3 else 4 end,
    metric,
    value_after - value_before,
    subject
