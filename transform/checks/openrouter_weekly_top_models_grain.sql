-- openrouter_weekly_top_models_grain: one row per week x category x model, and one model per week x category x rank.
with

top_models as (
    select * from marts.openrouter_weekly_top_models
),

duplicate_models as (
    select
        week_start,
        category,
        model_permaslug as duplicate,
        count(*) as rows,
    from top_models
    group by week_start, category, model_permaslug
    having count(*) > 1
),

duplicate_ranks as (
    select
        week_start,
        category,
        rank::varchar as duplicate,
        count(*) as rows,
    from top_models
    group by week_start, category, rank
    having count(*) > 1
)

select * from duplicate_models
union all
select * from duplicate_ranks
