/**
 * The page: GET / and each view's path (the same index.html; the front end picks the view from the path), and
 * GET /assets/<file>, all bundled in memory on first request and kept.
 */
import { Router, type Response } from 'express';
import { HttpError } from '../errors.ts';
import type { WebBundle, WebFile } from '../build.ts';

/** The views besides the overview at '/'; dashboard/web/main.ts routes the same names. */
export const VIEW_PATHS = [
  '/openrouter',
  '/huggingface',
  '/claims',
  '/digest',
  '/method',
  '/status',
  '/sql',
  '/model',
] as const;

export function pageRoutes(options: { bundle: () => Promise<WebBundle> }): Router {
  const router = Router();
  let pending: Promise<WebBundle> | undefined;
  const bundle = () => {
    pending ??= options.bundle().catch((error: unknown) => {
      pending = undefined; // a failed build is retried by the next request
      throw error;
    });
    return pending;
  };
  const send = (res: Response, file: WebFile) => {
    // No hashed names: the browser revalidates with the ETag express adds.
    res.set({ 'Content-Type': file.type, 'Cache-Control': 'no-cache' }).send(Buffer.from(file.contents));
  };
  router.get(['/', ...VIEW_PATHS], async (_req, res) => {
    send(res, (await bundle()).get('index.html')!);
  });
  router.get('/assets/:file', async (req, res) => {
    const name = req.params.file;
    const file = name === 'index.html' ? undefined : (await bundle()).get(name);
    if (!file) throw new HttpError(404, `no asset ${JSON.stringify(name.slice(0, 100))}`);
    send(res, file);
  });
  return router;
}
