/**
 * A data folder as `adoption-tracker transform` leaves it on a first start without seed history: the live database
 * migrated and transformed (empty raw tables), the published copy and the transform's inputs fingerprint. Built once
 * per test run by the real `transformCommand` (test/support/template.ts) and copied into the caller's folder, for the
 * tests whose subject is what happens next, not the first transform itself.
 */
import { transformCommand } from '../../bin/commands.ts';
import { loadConfig } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { copyTemplate } from './template.ts';

async function build(dir: string): Promise<void> {
  const config = loadConfig({ ADOPTION_DATA_DIR: dir, ADOPTION_SEED_HISTORY: 'off', ADOPTION_SCHEDULE: 'off' });
  const code = await transformCommand(config, { out: () => {}, log: silentLogger });
  if (code !== 0) throw new Error(`transform of an empty data folder exited ${code}`);
}

/** Fills `dataDir` with a copy of the transformed empty data folder. */
export function transformedDataDir(dataDir: string): Promise<void> {
  return copyTemplate('transformed-empty', build, dataDir);
}
