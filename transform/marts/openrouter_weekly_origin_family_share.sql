-- openrouter_weekly_origin_family_share: how many of OpenRouter's weekly top 10/20/50 are built in each country, counting a model as a family (as the rankings page does) beside counting permaslugs, and how much of the tokens go to each country's open-weights models?
-- grain: one row per week_start x category x origin_country with at least one named model that week (no zero rows); UNKNOWN is its own origin.
-- units: *_in_top_N = counts; *_share_of_top_N = fraction of the N slots (DOUBLE; NULL when fewer than N were ranked); *_tokens = prompt + completion tokens (BIGINT); open_token_share_* = fractions in [0, 1]; as_of = UTC timestamp.
-- definition: models_in_top_N = permaslugs ranked <= N (as openrouter_weekly_origin_share, unchanged); families_in_top_N = families ranked <= N in openrouter_weekly_top_families. *_share_of_top_N = count / N.
-- definition: open_tokens / closed_tokens / unknown_weights_tokens = the origin's tokens by the weights status of openrouter_model_families. open_token_share_all_low = open_tokens / all tokens (named + `other`); open_token_share_all_high = (open_tokens + unknown_weights_tokens + `other`) / all tokens: the range left open by models of unknown weights status and by the `other` bucket; NULL when an `other` row is missing. open_token_share_top50 = open_tokens / all named models' tokens.
-- definition: is_complete_week = 7 days of data; as_of as in openrouter_weekly_origin_share.
with

model_weeks as (
    select * from intermediate.int_openrouter_model_weeks_ranked
),

family_weeks as (
    select * from intermediate.int_openrouter_family_weeks_ranked
),

families as (
    select * from intermediate.int_openrouter_model_families
),

weeks as (
    select * from intermediate.int_openrouter_weeks_summarised
),

by_model as (
    select
        model_weeks.week_start,
        model_weeks.category,
        model_weeks.origin_country,
        count(*) filter (where model_weeks.rank <= 10) as models_in_top_10,
        count(*) filter (where model_weeks.rank <= 20) as models_in_top_20,
        count(*) filter (where model_weeks.rank <= 50) as models_in_top_50,
        sum(model_weeks.total_tokens) as total_tokens,
        sum(model_weeks.total_tokens) filter (where families.weights = 'open') as open_tokens,
        sum(model_weeks.total_tokens) filter (where families.weights = 'closed') as closed_tokens,
        sum(model_weeks.total_tokens) filter (where families.weights = 'unknown') as unknown_weights_tokens,
    from model_weeks
    inner join families
        on families.model_permaslug = model_weeks.model_permaslug
    group by model_weeks.week_start, model_weeks.category, model_weeks.origin_country
),

ranked_counts as (
    select
        week_start,
        category,
        count(*) as models_ranked,
    from model_weeks
    group by week_start, category
),

family_counts as (
    select
        week_start,
        category,
        origin_country,
        count(*) filter (where rank <= 10) as families_in_top_10,
        count(*) filter (where rank <= 20) as families_in_top_20,
        count(*) filter (where rank <= 50) as families_in_top_50,
    from family_weeks
    group by week_start, category, origin_country
),

families_ranked as (
    select week_start, category, count(*) as families_ranked,
    from family_weeks
    group by week_start, category
),

joined as (
    select
        by_model.week_start,
        by_model.category,
        by_model.origin_country,
        by_model.models_in_top_10,
        by_model.models_in_top_20,
        by_model.models_in_top_50,
        family_counts.families_in_top_10,
        family_counts.families_in_top_20,
        family_counts.families_in_top_50,
        case when ranked_counts.models_ranked >= 20 then by_model.models_in_top_20 / 20.0 end as model_share_of_top_20,
        case when families_ranked.families_ranked >= 20 then family_counts.families_in_top_20 / 20.0 end
            as family_share_of_top_20,
        by_model.total_tokens,
        coalesce(by_model.open_tokens, 0) as open_tokens,
        coalesce(by_model.closed_tokens, 0) as closed_tokens,
        coalesce(by_model.unknown_weights_tokens, 0) as unknown_weights_tokens,
        weeks.named_tokens,
        weeks.other_tokens,
        weeks.all_tokens,
        weeks.is_complete_week,
        weeks.as_of,
    from by_model
    inner join family_counts
        on family_counts.week_start = by_model.week_start
        and family_counts.category = by_model.category
        and family_counts.origin_country = by_model.origin_country
    inner join ranked_counts
        on ranked_counts.week_start = by_model.week_start
        and ranked_counts.category = by_model.category
    inner join families_ranked
        on families_ranked.week_start = by_model.week_start
        and families_ranked.category = by_model.category
    inner join weeks
        on weeks.week_start = by_model.week_start
        and weeks.category = by_model.category
)

select
    week_start::date as week_start,
    category::varchar as category,
    origin_country::varchar as origin_country,
    models_in_top_10::integer as models_in_top_10,
    models_in_top_20::integer as models_in_top_20,
    models_in_top_50::integer as models_in_top_50,
    families_in_top_10::integer as families_in_top_10,
    families_in_top_20::integer as families_in_top_20,
    families_in_top_50::integer as families_in_top_50,
    model_share_of_top_20::double as model_share_of_top_20,
    family_share_of_top_20::double as family_share_of_top_20,
    total_tokens::bigint as total_tokens,
    -- a sum over this origin's models of one status; 0 is a real sum here (the origin had models, none of that status)
    open_tokens::bigint as open_tokens,
    closed_tokens::bigint as closed_tokens,
    unknown_weights_tokens::bigint as unknown_weights_tokens,
    (open_tokens::double / nullif(all_tokens, 0))::double as open_token_share_all_low,
    ((open_tokens + unknown_weights_tokens + other_tokens)::double / nullif(all_tokens, 0))::double
        as open_token_share_all_high,
    (open_tokens::double / nullif(named_tokens, 0))::double as open_token_share_top50,
    is_complete_week::boolean as is_complete_week,
    as_of::timestamp as as_of,
from joined
order by week_start, category, total_tokens desc, origin_country
