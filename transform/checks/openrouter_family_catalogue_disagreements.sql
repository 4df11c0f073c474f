-- severity: warn
-- openrouter_family_catalogue_disagreements: permaslugs whose family (our rule) differs from the catalogue's id for
-- the same canonical_slug. Review the family rule or the model; the weekly family counts follow our rule.
select model_permaslug, family_slug, catalogue_id, catalogue_family, catalogue_day
from marts.openrouter_model_families
where catalogue_agrees = false
