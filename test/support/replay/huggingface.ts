// Placeholder until the Hugging Face replay lands (issue #3): every route answers 501.
import express from 'express';
import type { ReplayContext } from './server.ts';

export interface HuggingFaceReplayOptions {}

export function huggingfaceReplay(_ctx: ReplayContext, _options: HuggingFaceReplayOptions = {}): express.Router {
  const router = express.Router();
  router.use('/models', (_req, res) => void res.status(501).json({ error: 'not replayed yet' }));
  return router;
}
