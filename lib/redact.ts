/**
 * Masks secrets in any text that came from an upstream or is about to be stored or shown: the configured tokens by
 * value, and every known key shape, whoever's key it is (an upstream that echoes an Authorization header back in a
 * 401 body may quote a key we never configured, or an old one).
 */
export const REDACTED = '[redacted]';

/**
 * Known key shapes: OpenRouter keys (`sk-or-v1-` + 64 hex), Hugging Face tokens (`hf_` + 34 letters and digits), and
 * any bearer credential. Lengths are set so that model and repo names (`hf_transfer`, `...-hf`) never match.
 */
const KEY_SHAPES: readonly RegExp[] = [/\bsk-or-[A-Za-z0-9_-]{20,}/g, /\bhf_[A-Za-z0-9]{30,}/g];
const BEARER = /\b(Bearer)(\s+|%20|\\u0020)[A-Za-z0-9._~+/=-]{4,}/gi;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
  return out.replace(BEARER, (_match, word: string, gap: string) => `${word}${gap}${REDACTED}`);
}

/** The same over every string inside a JSON-like value (a row, a report), keys left alone. */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)])) as T;
  }
  return value;
}
