/**
 * One pino logger for the process. Secrets are redacted by key name and, as a second line of defence,
 * by value: a configured token that slips into a message is replaced before it is written.
 */
import { pino, type Logger } from 'pino';
import { redactSecrets } from './redact.ts';

export type { Logger };

const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'apiKey',
  '*.apiKey',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
];

/** Configured secrets by value, and every known key shape (lib/redact.ts). */
export function scrub(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets);
}

export function createLogger(
  options: { level?: string; secrets?: readonly string[]; destination?: NodeJS.WritableStream } = {},
): Logger {
  const secrets = options.secrets ?? [];
  const level = options.level ?? 'info';
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        streamWrite: (line) => scrub(line, secrets),
      },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that writes nothing: the default in tests and library calls. */
export const silentLogger: Logger = pino({ level: 'silent' });
