/**
 * The base-model links a Hub model's tags declare: `base_model:<id>` (relation 'unspecified') and
 * `base_model:<relation>:<id>`. One module, so the tracked-scope collector (ingest/huggingface.ts) and the whole-Hub
 * crawl (ingest/hub-crawl.ts, which parses each page as it passes) read them by the same rules; the SQL twin for
 * deduplicated whole-Hub days is ingest/sql/hf_crawl_base_models.sql (test/ingest/hub-crawl.test.ts holds them equal).
 */

export const RELATIONS = ['adapter', 'merge', 'quantized', 'finetune'] as const;
export type Relation = (typeof RELATIONS)[number] | 'unspecified';

export interface BaseModelLink {
  baseModelId: string;
  relation: Relation;
}

/** The link one `base_model:` tag declares, or undefined when it names no usable id (empty, or holding a colon). */
export function parseBaseModelTag(tag: string): BaseModelLink | undefined {
  if (!tag.startsWith('base_model:')) return undefined;
  const rest = tag.slice('base_model:'.length);
  const colon = rest.indexOf(':');
  const prefix = colon > 0 ? rest.slice(0, colon) : '';
  const relation: Relation = (RELATIONS as readonly string[]).includes(prefix) ? (prefix as Relation) : 'unspecified';
  const baseModelId = relation === 'unspecified' ? rest : rest.slice(colon + 1);
  if (!baseModelId || baseModelId.includes(':')) return undefined;
  return { baseModelId, relation };
}

/** `base_model:<id>` and `base_model:<relation>:<id>` tags; a specific relation wins over the bare tag. */
export function parseBaseModelTags(tags: readonly string[]): BaseModelLink[] {
  const byBase = new Map<string, Relation>();
  for (const tag of tags) {
    const link = parseBaseModelTag(tag);
    if (!link) continue;
    if (link.relation !== 'unspecified' || !byBase.has(link.baseModelId)) byBase.set(link.baseModelId, link.relation);
  }
  return [...byBase].map(([baseModelId, relation]) => ({ baseModelId, relation }));
}
