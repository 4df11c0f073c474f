/**
 * Which raw tables each model reads, directly or through the models it reads: the lineage behind a mart's citation.
 * References are the `<schema>.<table>` names in the SQL (raw, staging, intermediate, marts), the same names the
 * build orders models by. A mart's sources are the declared sources (ingest/declarations.ts) owning those raw tables.
 */
import { declarations } from '../ingest/declarations.ts';
import { loadModels, TRANSFORM_DIR, type Model } from './run.ts';

const REFERENCE = /\b(raw|staging|intermediate|marts)\.([a-z][a-z0-9_]*)/g;

/** `layer.name` of every model -> the `raw.<table>` names it depends on. */
export function rawTablesByModel(models: readonly Model[]): Map<string, Set<string>> {
  const byKey = new Map(models.map((m) => [`${m.layer}.${m.name}`, m]));
  const memo = new Map<string, Set<string>>();
  const visit = (key: string, trail: Set<string>): Set<string> => {
    const known = memo.get(key);
    if (known) return known;
    const tables = new Set<string>();
    const model = byKey.get(key);
    if (model && !trail.has(key)) {
      trail.add(key);
      for (const [ref, schema] of model.sql.matchAll(REFERENCE)) {
        if (schema === 'raw') tables.add(ref);
        else if (ref !== key) for (const t of visit(ref, trail)) tables.add(t);
      }
      trail.delete(key);
    }
    memo.set(key, tables);
    return tables;
  };
  for (const key of byKey.keys()) visit(key, new Set());
  return memo;
}

/** Each mart's sources, by declared name, in declaration order. */
export function martSources(root = TRANSFORM_DIR): Map<string, string[]> {
  const models = loadModels(root);
  const tables = rawTablesByModel(models);
  const out = new Map<string, string[]>();
  for (const model of models.filter((m) => m.layer === 'marts')) {
    const read = tables.get(`marts.${model.name}`) ?? new Set();
    out.set(
      model.name,
      declarations.filter((d) => d.rawTables.some((t) => read.has(t))).map((d) => d.name),
    );
  }
  return out;
}
