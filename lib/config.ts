/**
 * Configuration from the environment: the only place that reads process.env.
 * Every variable here is documented in README.md and .env.example.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Config {
  /** Folder holding the live database, the published copy and the kept payloads. */
  dataDir: string;
  openrouterBaseUrl: string;
  /** Absent: the OpenRouter usage job reports "no key" and everything else keeps working. */
  openrouterApiKey: string | undefined;
  hfEndpoint: string;
  hfToken: string | undefined;
  host: string;
  port: number;
  /** The dashboard's public address, for links that leave the page (the Atom feed's ids); default the request's host. */
  publicUrl: string | undefined;
  /** Seeds the database with the shipped real history on first start. */
  loadSeedHistory: boolean;
  /** node-cron schedules; off with ADOPTION_SCHEDULE=off. */
  schedule: boolean;
  /** pino level. */
  logLevel: LogLevel;
  /** Hugging Face scope: 'tracked' (tracked organisations + the global top N, default) or 'all' (every public model). */
  hfScope: HfScope;
  /** Where the Parquet lake of raw snapshots is written (default <dataDir>/lake). */
  lakeDir: string;
  /** Kept payload files older than this many days are deleted once the lake holds their rows; undefined keeps all. */
  payloadRetentionDays: number | undefined;
  /** DuckDB's memory_limit for the live database (e.g. '1GB'); undefined = DuckDB's default (80% of RAM). */
  duckdbMemoryLimit: string | undefined;
}

export const HF_SCOPES = ['tracked', 'all'] as const;
export type HfScope = (typeof HF_SCOPES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
}

function parseBool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be on or off, got ${JSON.stringify(value)}`);
}

function parseLogLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
}

function parseHfScope(value: string | undefined): HfScope {
  if (value === undefined) return 'tracked';
  if ((HF_SCOPES as readonly string[]).includes(value)) return value as HfScope;
  throw new ConfigError(`HF_SCOPE must be one of ${HF_SCOPES.join(', ')}, got ${JSON.stringify(value)}`);
}

function parseRetentionDays(value: string | undefined): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(
      `ADOPTION_PAYLOAD_RETENTION_DAYS must be a whole number of days (1 or more) or all, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function parseMemoryLimit(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value)) return value;
  throw new ConfigError(`ADOPTION_DUCKDB_MEMORY_LIMIT must be a size like 1GB or 512MiB, got ${JSON.stringify(value)}`);
}

/** A plain decimal port: `0x50`, `1e3`, `+80` and ` 80.0` are not ports. */
function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(text)}`);
  }
  return port;
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** An IPv4/IPv6 address or an RFC 1123 host name; a dotted quad that is no IPv4 address (999.1.1.1) is neither. */
function parseHost(text: string): string {
  if (net.isIP(text.replace(/^\[(.*)\]$/, '$1'))) return text.replace(/^\[(.*)\]$/, '$1');
  const labels = text.replace(/\.$/, '').split('.');
  const numeric = labels.every((label) => /^\d+$/.test(label));
  if (text.length > 253 || numeric || !labels.every((label) => HOST_LABEL.test(label))) {
    throw new ConfigError(`HOST must be an IP address or a host name, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** The data folder may not exist yet (it is created on first start), but it must not be a file. */
function parseDataDir(text: string): string {
  const dir = path.resolve(text);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) {
    throw new ConfigError(`ADOPTION_DATA_DIR must be a folder, but ${JSON.stringify(dir)} is a file`);
  }
  return dir;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(nonEmpty(env.PORT) ?? '3000');
  const hfToken = nonEmpty(env.HF_TOKEN);
  if (hfToken !== undefined && !hfToken.startsWith('hf_')) {
    // @huggingface/hub rejects other tokens; say so at start, not mid-run.
    throw new ConfigError('HF_TOKEN must start with hf_');
  }
  const dataDir = parseDataDir(nonEmpty(env.ADOPTION_DATA_DIR) ?? './data');
  return {
    dataDir,
    openrouterBaseUrl: parseUrl(
      'OPENROUTER_BASE_URL',
      nonEmpty(env.OPENROUTER_BASE_URL) ?? 'https://openrouter.ai/api/v1',
    ),
    openrouterApiKey: nonEmpty(env.OPENROUTER_API_KEY),
    hfEndpoint: parseUrl('HF_ENDPOINT', nonEmpty(env.HF_ENDPOINT) ?? 'https://huggingface.co'),
    hfToken,
    host: parseHost(nonEmpty(env.HOST) ?? '127.0.0.1'),
    port,
    publicUrl: nonEmpty(env.PUBLIC_URL) === undefined ? undefined : parseUrl('PUBLIC_URL', nonEmpty(env.PUBLIC_URL)!),
    loadSeedHistory: parseBool('ADOPTION_SEED_HISTORY', env.ADOPTION_SEED_HISTORY, true),
    schedule: parseBool('ADOPTION_SCHEDULE', env.ADOPTION_SCHEDULE, true),
    logLevel: parseLogLevel(nonEmpty(env.LOG_LEVEL)),
    hfScope: parseHfScope(nonEmpty(env.HF_SCOPE)),
    lakeDir: path.resolve(dataDir, nonEmpty(env.ADOPTION_LAKE_DIR) ?? 'lake'),
    payloadRetentionDays: parseRetentionDays(nonEmpty(env.ADOPTION_PAYLOAD_RETENTION_DAYS)),
    duckdbMemoryLimit: parseMemoryLimit(nonEmpty(env.ADOPTION_DUCKDB_MEMORY_LIMIT)),
  };
}

/** Values that must never reach a log line, the database or a page. */
export function secretsOf(config: Pick<Config, 'openrouterApiKey' | 'hfToken'>): string[] {
  return [config.openrouterApiKey, config.hfToken].filter((s): s is string => Boolean(s));
}
