-- severity: warn
-- origin_registry_atom_disagreements: Hugging Face organisations where our origin registry and the ATOM Project's
-- region disagree, that ATOM lists and our registry lacks, or that ours leaves UNKNOWN where ATOM names a bucket. A second opinion to review with evidence, never a rule:
-- a row here is a finding (e.g. IBM's Zurich-started Docling: ours US by developer organisation, ATOM eu).
select hf_org, atom_region, our_country, our_region, status
from marts.origin_registry_atom_comparison
where status in ('disagrees', 'missing from registry', 'ours unknown')
