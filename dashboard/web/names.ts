/**
 * Models by name, for people: the catalogue's name where the data has one, else a readable name derived from the
 * OpenRouter permaslug or the Hub repo id; the slug itself goes on hover. Links to a model's page on OpenRouter or
 * the Hub are built only from allowlisted patterns of those ids, so an upstream name can never become a
 * `javascript:` (or any other) link: an id that does not match gets no link at all.
 */

export type ModelChannel = 'openrouter' | 'huggingface';

// An OpenRouter permaslug: author/model, optionally :variant (free, beta, thinking, ...).
const PERMASLUG = /^[a-z0-9][a-z0-9._-]{0,99}\/[a-z0-9][a-z0-9._-]{0,199}(:[a-z0-9._-]{1,40})?$/i;
// A Hub repo id: owner/name.
const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
// A dated version at the end of a permaslug: -20250522 or -2025-05-22.
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

export function isModelId(channel: ModelChannel, id: string): boolean {
  return channel === 'openrouter' ? PERMASLUG.test(id) : REPO_ID.test(id);
}

/** The model's page upstream (https only), or NULL when the id is not of the allowlisted form. */
export function upstreamUrl(channel: ModelChannel, id: string): string | null {
  if (!isModelId(channel, id)) return null;
  if (channel === 'huggingface') return `https://huggingface.co/${id}`;
  const [author, rest] = id.split('/') as [string, string];
  const model = rest.replace(/:.*$/, '').replace(DATE_SUFFIX, '');
  return `https://openrouter.ai/${author.toLowerCase()}/${model.toLowerCase()}`;
}

export function upstreamName(channel: ModelChannel): string {
  return channel === 'openrouter' ? 'OpenRouter' : 'the Hugging Face Hub';
}

/** The drill-down page of a model on this site (relative, so it works under a path prefix). */
export function modelPageUrl(channel: ModelChannel, id: string): string {
  return `model?${new URLSearchParams({ channel, id }).toString()}`;
}

const UPPER = new Set([
  'gpt',
  'glm',
  'llm',
  'vl',
  'moe',
  'ai',
  'oss',
  'gte',
  'bge',
  'tts',
  'asr',
  'ocr',
  'hf',
  'it',
  'gguf',
  'awq',
  'gptq',
  'fp8',
  'mlx',
]);

function word(w: string): string {
  const lower = w.toLowerCase();
  if (UPPER.has(lower)) return lower.toUpperCase();
  // v3, r1, k2, 4o: short versions stay as written, a letter version upper-cased (R1, K2, V3).
  if (/^[a-z]\d+(\.\d+)?$/i.test(w)) return w.toUpperCase();
  if (/^\d/.test(w)) return w;
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A readable name from an id: 'qwen/qwen3-coder:free' -> 'Qwen3 Coder (free)'; 'Qwen/Qwen2.5-7B-Instruct' -> 'Qwen2.5 7B Instruct'. */
export function nameFromId(channel: ModelChannel, id: string): string {
  const slash = id.indexOf('/');
  let rest = slash >= 0 ? id.slice(slash + 1) : id;
  let variant = '';
  if (channel === 'openrouter') {
    const colon = rest.indexOf(':');
    if (colon >= 0) {
      variant = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
    rest = rest.replace(DATE_SUFFIX, '');
  }
  const words = rest
    .split(/[-_ ]+/)
    .filter(Boolean)
    .map(word);
  const name = words.join(' ') || id;
  return variant ? `${name} (${variant})` : name;
}

/** The name to show: the catalogue's when given, else the derived one. */
export function modelName(channel: ModelChannel, id: string, catalogueName?: string | null): string {
  const given = catalogueName?.trim();
  return given ? given : nameFromId(channel, id);
}
