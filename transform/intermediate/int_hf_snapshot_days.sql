-- int_hf_snapshot_days: the days that have Hugging Face snapshots, one row per day.
-- Read whole by the day-grained models that need every day (the base-model fallback), which read their day-grained
-- inputs filtered to the days they recompute.
select distinct day::date as day,
from staging.stg_huggingface__model_snapshots
