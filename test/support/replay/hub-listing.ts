/**
 * SYNTHETIC Hub-shaped listings for the whole-Hub crawl: model i of n, generated on demand from its index and the
 * replay's day, so a listing of 2 million models costs no memory and a page costs only its own models.
 *
 * Nothing here is real data: ids end in `synthetic-model-<i>`, and every page says so (`X-Replay-Synthetic: true`).
 * Shape as the Hub's `GET /api/models?expand=...`: author, downloads (30-day), downloadsAllTime, likes, createdAt
 * (ascending with i, so `sort=createdAt&direction=1` is index order), lastModified, pipeline_tag, library_name, tags
 * (about half carry a `base_model:` tag pointing at an earlier model, so lineage chains resolve inside the listing),
 * safetensors on every third model.
 */

/** Authors in rotation: registry organisations (CN, US, FR), a REDIST quantizer, and unregistered labs. */
const AUTHORS = ['Qwen', 'deepseek-ai', 'meta-llama', 'mistralai', 'bartowski', 'google', 'THUDM', 'unsloth'];
const PIPELINES = [
  'text-generation',
  'text-generation',
  'feature-extraction',
  'image-text-to-text',
  null,
  'text-to-image',
];
const RELATIONS = ['finetune', 'quantized', 'adapter', 'merge'];
const CREATED_EPOCH = Date.UTC(2023, 0, 1);
const DAY_MS = 86_400_000;

export interface GeneratedListing {
  /** How many models the listing holds. */
  models: number;
  /** Days added to every model's 30-day count per day since 2026-01-01 (default 1): each day's snapshot differs. */
  dailyGrowth?: number;
}

export function generatedAuthor(i: number): string {
  // One in three models is from an unregistered lab: origin UNKNOWN, its own bucket.
  return i % 3 === 2 ? `synthetic-lab-${i % 499}` : AUTHORS[i % AUTHORS.length]!;
}

export function generatedId(i: number): string {
  return `${generatedAuthor(i)}/synthetic-model-${i}`;
}

/** Model i as the Hub would list it on `day` (YYYY-MM-DD). */
export function generatedModel(i: number, day: string, listing: GeneratedListing): Record<string, unknown> {
  const dayIndex = Math.max(0, Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(2026, 0, 1)) / DAY_MS));
  const base = Math.floor(5_000_000 / (1 + (i % 1009))) + (i % 13);
  const downloads = base + dayIndex * (listing.dailyGrowth ?? 1) * (1 + (i % 5));
  const created = new Date(CREATED_EPOCH + i * 60_000).toISOString();
  const tags = ['transformers', 'safetensors', 'synthetic'];
  // Half the models derive from an earlier one (up to 40 back): chains of a few hops, roots in the listing.
  if (i > 0 && i % 2 === 1) {
    const parent = Math.max(0, i - 1 - (i % 41));
    const relation = RELATIONS[i % RELATIONS.length]!;
    tags.push(i % 10 === 3 ? `base_model:${generatedId(parent)}` : `base_model:${relation}:${generatedId(parent)}`);
  }
  const model: Record<string, unknown> = {
    _id: i.toString(16).padStart(24, '0'),
    id: generatedId(i),
    author: generatedAuthor(i),
    downloads,
    downloadsAllTime: downloads * 12 + i,
    likes: i % 97,
    createdAt: created,
    lastModified: created,
    library_name: 'transformers',
    tags,
  };
  const pipeline = PIPELINES[i % PIPELINES.length];
  if (pipeline) model.pipeline_tag = pipeline;
  if (i % 3 === 0)
    model.safetensors = { parameters: { BF16: 1_000_000 * (1 + (i % 70)) }, total: 1_000_000 * (1 + (i % 70)) };
  return model;
}

/** One page of the listing, projected to the expanded fields (id always). */
export function generatedPage(
  listing: GeneratedListing,
  day: string,
  offset: number,
  size: number,
  fields: readonly string[] | undefined,
): Array<Record<string, unknown>> {
  const end = Math.min(listing.models, offset + size);
  const page: Array<Record<string, unknown>> = [];
  for (let i = offset; i < end; i++) {
    const model = generatedModel(i, day, listing);
    if (!fields) {
      page.push(model);
      continue;
    }
    const out: Record<string, unknown> = { _id: model._id, id: model.id };
    for (const field of fields) if (model[field] !== undefined) out[field] = model[field];
    page.push(out);
  }
  return page;
}
