/**
 * Once before the tests: compile the CLI into dist/ (as `npm install` does), so the tests that spawn
 * bin/adoption-tracker.js run the code as it is now, never a stale build.
 */
// @ts-expect-error: a plain .mjs script without types
import { build } from '../../scripts/build.mjs';

let built: Promise<void> | undefined;

export default async function setup(): Promise<void> {
  built ??= build();
  await built;
}
