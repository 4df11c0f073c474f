-- hf_origin_top_n_grain: one row per day x scope x attribution x top_n x origin_country.
select
    day,
    scope,
    attribution,
    top_n,
    origin_country,
    count(*) as rows,
from marts.hf_origin_top_n
group by day, scope, attribution, top_n, origin_country
having count(*) > 1
