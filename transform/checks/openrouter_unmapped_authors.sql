-- severity: warn
-- openrouter_unmapped_authors: authors that reach a weekly top 50 but are not in the origin registry; their
-- models count as UNKNOWN until a row with evidence is added to seeds/origins.csv (platform = 'openrouter').
with

top_models as (
    select * from marts.openrouter_weekly_top_models
),

origins as (
    select * from staging.stg_origins
    where platform = 'openrouter'
),

unmapped as (
    select
        top_models.author,
        min(top_models.week_start) as first_week_start,
        min(top_models.rank) as best_rank,
    from top_models
    left join origins
        on origins.author = top_models.author
    where top_models.rank <= 50
        and origins.author is null
    group by top_models.author
)

select * from unmapped
order by author
