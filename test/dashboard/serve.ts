import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { buildWeb, type WebBundle } from '../../dashboard/build.ts';
import { createHttpServer } from '../../dashboard/http-server.ts';

let bundled: Promise<WebBundle> | undefined;

/**
 * The front end as `buildWeb()` bundles it, once per worker process (a worker runs many files, `isolate: false`):
 * no test changes dashboard/web during a run, and each bundle is about half a second of esbuild's CPU.
 */
export function webBundle(): Promise<WebBundle> {
  bundled ??= buildWeb();
  return bundled;
}

/** Serves an app on 127.0.0.1 and a free port, in this process. */
export async function serve(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
