-- The base-model links of one day's whole-Hub snapshot, parsed from its rows' tags (the same rules as
-- parseBaseModelTags in ingest/huggingface.ts): `base_model:<id>` is 'unspecified', `base_model:<relation>:<id>` names
-- its relation (finetune, quantized, adapter, merge); a specific relation wins over the bare tag. In a whole-Hub
-- snapshot every public base is itself a row, so no base is fetched one by one. ingest/huggingface.ts inserts this
-- select under the table's declared column list (db/raw-tables.ts).
with

-- Only the base_model tags are unnested (a list filter first: most tags are not links).
base_tag_lists as (
    select
        model_id,
        list_filter(tags, tag -> starts_with(tag, 'base_model:')) as base_tags,
        list_filter(generate_series(1, len(tags)), i -> starts_with(tags[i], 'base_model:')) as positions,
    from raw.hf_model_snapshots
    where day = $day::date
        and list_contains(list_transform(tags, tag -> starts_with(tag, 'base_model:')), true)
),

base_tags as (
    select
        model_id,
        unnest(positions) as position,
        substr(unnest(base_tags), length('base_model:') + 1) as rest,
    from base_tag_lists
),

parsed as (
    select
        model_id,
        position,
        case
            when split_part(rest, ':', 1) in ('adapter', 'merge', 'quantized', 'finetune') and contains(rest, ':')
                then split_part(rest, ':', 1)
            else 'unspecified'
        end as relation,
        rest,
    from base_tags
),

links as (
    select
        model_id,
        position,
        relation,
        case when relation = 'unspecified' then rest else substr(rest, length(relation) + 2) end as base_model_id,
    from parsed
)

select
    $day::date as day,
    model_id,
    base_model_id,
    relation,
    $run_id::bigint as run_id,
from links
where base_model_id <> ''
    and not contains(base_model_id, ':')
qualify row_number() over (
    partition by model_id, base_model_id
    order by relation = 'unspecified', position desc
) = 1
