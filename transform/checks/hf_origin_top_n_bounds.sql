-- hf_origin_top_n_bounds: shares within [0, 1], downloads never negative, at most N models counted in a top N.
select *
from marts.hf_origin_top_n
where downloads_30d_share not between 0 and 1
    or downloads_30d < 0
    or models not between 1 and top_n
