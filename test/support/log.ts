/** A pino logger whose lines (one JSON text each) land in an array the test reads. */
import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

export function capturingLogger(lines: string[]): Logger {
  return pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
}
