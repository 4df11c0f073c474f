/**
 * Runs the replay server by hand: `npm run replay` (prints the environment to point the collectors at it).
 * REPLAY_NOW=2026-07-01T12:00:00Z picks the replay's clock; REPLAY_PORT a fixed port.
 */
import { DEFAULT_REPLAY_NOW, startReplayServer } from './server.ts';

const now = process.env.REPLAY_NOW ? new Date(process.env.REPLAY_NOW) : DEFAULT_REPLAY_NOW;
if (Number.isNaN(now.getTime())) {
  console.error(`REPLAY_NOW is not a date: ${process.env.REPLAY_NOW}`);
  process.exit(1);
}
const server = await startReplayServer({ now, port: Number(process.env.REPLAY_PORT ?? 0) });
console.log(`replay server on ${server.origin}, as of ${now.toISOString()}`);
console.log(
  `export OPENROUTER_BASE_URL=${server.openrouterBaseUrl} OPENROUTER_API_KEY=replay-key HF_ENDPOINT=${server.hfEndpoint}`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
