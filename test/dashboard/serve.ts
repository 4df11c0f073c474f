import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createHttpServer } from '../../dashboard/http-server.ts';

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
