-- severity: warn
-- hf_lineage_incomplete: snapshot models whose base-model chain was cut by a cycle or the 20-step bound; their
-- lineage origin is that of the last model reached, which may not be the true root.
select
    attributed.day,
    attributed.model_id,
    attributed.lineage_root_id,
    attributed.lineage_depth,
from intermediate.int_hf_models_attributed as attributed
where not attributed.lineage_complete
order by attributed.day, attributed.model_id
