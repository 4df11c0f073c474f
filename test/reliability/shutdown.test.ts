/**
 * Issue 9: SIGTERM and SIGINT stop the real `adoption-tracker serve` cleanly: it says so, removes its control socket,
 * leaves no temp file, and exits 0. (What a stop does with running and queued jobs is tested in process in
 * test/cli/serve-lifecycle.test.ts.) Both signals run at once, in two data folders: each spawn pays the CLI start-up.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: Array<{ dir: string; cleanup: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));

async function serveThenSignal(
  signal: NodeJS.Signals,
): Promise<{ code: number | null; stdout: string; stderr: string; dir: string }> {
  const data = tempDir();
  dirs.push(data);
  const child = spawn(process.execPath, ['bin/adoption-tracker.js', 'serve', '--no-schedule'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ADOPTION_DATA_DIR: data.dir,
      ADOPTION_SEED_HISTORY: 'off',
      PORT: '0',
      HOST: '127.0.0.1',
      OPENROUTER_API_KEY: '',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('serving on')) resolve();
    });
    void exited.then(() => resolve());
  });
  const url = stdout.match(/serving on (\S+)/)?.[1];
  if (url) expect((await fetch(`${url}/api/status`)).status).toBe(200);
  child.kill(signal);
  return { code: await exited, stdout, stderr, dir: data.dir };
}

describe('serve stops on a signal', () => {
  it('SIGTERM and SIGINT: one line each, exit 0, control socket removed, no temp files', async () => {
    const results = await Promise.all([serveThenSignal('SIGTERM'), serveThenSignal('SIGINT')]);
    for (const [signal, result] of [
      ['SIGTERM', results[0]],
      ['SIGINT', results[1]],
    ] as const) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^adoption-tracker serving on http:\/\/127\.0\.0\.1:\d+$/);
      // The first start transforms in the background: the signal may come while it runs, and then waits for it.
      expect(lines[1]).toMatch(
        new RegExp(`^adoption-tracker: ${signal}: stopping( \\(waiting up to 30 s for start\\))?$`),
      );
      expect(lines.at(-1)).toBe('adoption-tracker: stopped');
      expect(fs.existsSync(path.join(result.dir, 'control.sock'))).toBe(false);
      expect(fs.readdirSync(result.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    }
  }, 180_000);
});
