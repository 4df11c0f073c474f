/**
 * The Hugging Face raw tables' columns, declared once: name and DuckDB type, in table order. Every load of these tables
 * builds its column list from here (ingest/huggingface.ts: the NDJSON loads' `columns`, the whole-Hub load's insert
 * list), so a load that forgets a column fails at bind time instead of leaving it to its default. The migrations that
 * created the tables are history and stay as written; test/db/raw-tables.test.ts checks the migrated tables have
 * exactly these columns, in this order, with these types.
 */

export const HF_MODEL_SNAPSHOTS = {
  day: 'DATE',
  snapshot_at: 'TIMESTAMP',
  model_id: 'VARCHAR',
  author: 'VARCHAR',
  downloads_30d: 'BIGINT',
  downloads_all_time: 'BIGINT',
  likes: 'BIGINT',
  created_at: 'TIMESTAMP',
  last_modified_at: 'TIMESTAMP',
  pipeline_tag: 'VARCHAR',
  library_name: 'VARCHAR',
  tags: 'VARCHAR[]',
  parameters: 'BIGINT',
  top_rank: 'INTEGER',
  tracked_org: 'BOOLEAN',
  lineage_only: 'BOOLEAN',
  is_synthetic: 'BOOLEAN',
  run_id: 'BIGINT',
  payload_id: 'BIGINT',
} as const;

export const HF_MODEL_BASE_MODELS = {
  day: 'DATE',
  model_id: 'VARCHAR',
  base_model_id: 'VARCHAR',
  relation: 'VARCHAR',
  run_id: 'BIGINT',
} as const;

export type RawColumns = Readonly<Record<string, string>>;

/** The raw tables declared here, by their qualified name (constants: never user input). */
export const RAW_HF_TABLES = {
  'raw.hf_model_snapshots': HF_MODEL_SNAPSHOTS,
  'raw.hf_model_base_models': HF_MODEL_BASE_MODELS,
} as const satisfies Record<string, RawColumns>;

/** `a, b, c`: the insert list of a table, in declaration order. */
export function columnList(columns: RawColumns): string {
  return Object.keys(columns).join(', ');
}

/**
 * `insert into <table> (<declared columns>) select <declared columns> from (<select>)`: a select that misses a
 * declared column fails at bind time, and one with extra columns (a dedup key) keeps them out of the table.
 */
export function insertInto(table: keyof typeof RAW_HF_TABLES, select: string): string {
  const columns = columnList(RAW_HF_TABLES[table]);
  return `insert into ${table} (${columns})\nselect ${columns} from (\n${select}\n)`;
}

/** read_json's / read_ndjson's `columns` struct, e.g. `{day: 'DATE', tags: 'VARCHAR[]'}`. */
export function readJsonColumns(columns: RawColumns): string {
  return `{${Object.entries(columns)
    .map(([name, type]) => `${name}: '${type}'`)
    .join(', ')}}`;
}
