// Placeholder until the OpenRouter replay lands (issue #2): every route answers 501.
import express from 'express';
import type { ReplayContext } from './server.ts';

export interface OpenRouterReplayOptions {}

export function openrouterReplay(_ctx: ReplayContext, _options: OpenRouterReplayOptions = {}): express.Router {
  const router = express.Router();
  router.use((_req, res) => void res.status(501).json({ error: { code: 501, message: 'not replayed yet' } }));
  return router;
}
