/**
 * A copy of transform/ holding only what the named marts need: their models and every model they read (by
 * `layer.name` references), the seeds those read (`seeds.name`), and the checks that read nothing outside that set. For tests whose subject
 * is not the transform's SQL but what happens around one (kills, restarts): the same runTransform, one transaction,
 * fewer tables to build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LAYERS, loadModels, TRANSFORM_DIR } from '../../transform/run.ts';

const REFERENCE = /\b(seeds|staging|intermediate|marts)\.([a-z][a-z0-9_]*)/g;

function references(sqlText: string): string[] {
  return [...sqlText.matchAll(REFERENCE)].map(([, layer, name]) => `${layer}.${name}`);
}

/**
 * Writes the subset into `into` (an empty folder) and returns `into`. `models` names more models to hold (as
 * `layer.name`, with what they read): a working model no mart reads, e.g. a view a test reads.
 */
export function transformSubset(
  into: string,
  marts: readonly string[],
  { root = TRANSFORM_DIR, models: more = [] }: { root?: string; models?: readonly string[] } = {},
): string {
  const models = new Map(loadModels(root).map((m) => [`${m.layer}.${m.name}`, m]));
  const needed = new Set<string>();
  const visit = (key: string) => {
    const model = models.get(key);
    if (needed.has(key)) return;
    if (key.startsWith('seeds.')) needed.add(key);
    if (!model) return;
    needed.add(key);
    for (const ref of references(model.sql)) visit(ref);
  };
  for (const mart of marts) {
    if (!models.has(`marts.${mart}`)) throw new Error(`no mart ${mart} in ${root}`);
    visit(`marts.${mart}`);
  }
  for (const key of more) {
    if (!models.has(key)) throw new Error(`no model ${key} in ${root}`);
    visit(key);
  }
  for (const layer of LAYERS) fs.mkdirSync(path.join(into, layer), { recursive: true });
  fs.mkdirSync(path.join(into, 'seeds'), { recursive: true });
  for (const key of needed) {
    const model = models.get(key);
    if (model) fs.copyFileSync(model.file, path.join(into, model.layer, path.basename(model.file)));
    const seed = path.join(root, 'seeds', `${key.slice('seeds.'.length)}.csv`);
    if (key.startsWith('seeds.') && fs.existsSync(seed))
      fs.copyFileSync(seed, path.join(into, 'seeds', path.basename(seed)));
  }
  fs.mkdirSync(path.join(into, 'checks'), { recursive: true });
  for (const file of fs.readdirSync(path.join(root, 'checks')).filter((f) => f.endsWith('.sql'))) {
    const text = fs.readFileSync(path.join(root, 'checks', file), 'utf8');
    if (references(text).every((ref) => needed.has(ref)))
      fs.copyFileSync(path.join(root, 'checks', file), path.join(into, 'checks', file));
  }
  return into;
}
