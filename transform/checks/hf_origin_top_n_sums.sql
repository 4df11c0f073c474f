-- hf_origin_top_n_sums: per day x scope x attribution x top_n, shares sum to 1 and models to at most N
-- (exactly N for scope 'all').
select
    day,
    scope,
    attribution,
    top_n,
    sum(models) as models,
    sum(downloads_30d_share) as downloads_30d_share,
from marts.hf_origin_top_n
group by day, scope, attribution, top_n
having abs(sum(downloads_30d_share) - 1) > 1e-9
    or sum(models) > top_n
    or (scope = 'all' and sum(models) <> top_n)
