/**
 * `adoption-tracker`: collect, transform, serve, export, sql, status. Errors print one line, never a stack trace
 * (set LOG_LEVEL=debug for details); exit code 1 for a failed job, 2 for a usage error.
 *
 * Compiled ahead of time into dist/ (`npm run build`, run by `npm install`). Only commander and the configuration
 * load up front: each command imports what it needs when it runs, so `--help` never loads DuckDB, the OpenRouter SDK,
 * express or esbuild.
 */
import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, secretsOf } from '../lib/config.ts';
import type { Io } from './commands.ts';
import { EXPORT_FORMATS } from './formats.ts';

/** The command implementations, loaded on first use. */
const commands = () => import('./commands.ts');

// A .env file in the working directory fills variables not already set (Node's own loader; see .env.example).
if (fs.existsSync('.env')) process.loadEnvFile('.env');

// Set once the configuration loaded: whether an unexpected error also prints its stack.
let showStacks = false;

async function io(): Promise<Io> {
  const config = loadConfig();
  showStacks = config.logLevel === 'debug' || config.logLevel === 'trace';
  const { createLogger } = await import('../lib/log.ts');
  const { writeStdout } = await commands();
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    log: createLogger({ level: config.logLevel, secrets: secretsOf(config) }),
    write: writeStdout,
  };
}

const program = new Command()
  .name('adoption-tracker')
  .description("How much of the world's open-model adoption goes to models built in China? Collect, transform, serve.")
  .showHelpAfterError()
  .exitOverride();

program
  .command('collect')
  .description('Fetch one source (openrouter, openrouter-models, huggingface, or all), then transform and publish')
  .argument('<source>', 'openrouter | openrouter-models | huggingface | all')
  .option(
    '--from <date>',
    'first UTC day to fetch, YYYY-MM-DD (default: the source decides: back-fill, then a trailing window)',
  )
  .option('--to <date>', 'last UTC day to fetch, YYYY-MM-DD (default: the last complete UTC day)')
  .action(async (source: string, opts: { from?: string; to?: string }) => {
    process.exitCode = await (await commands()).collectCommand(
      loadConfig(),
      source,
      { from: opts.from, to: opts.to },
      await io(),
    );
  });

program
  .command('transform')
  .description('Rebuild staging, intermediate and marts from the raw tables, run the checks, publish')
  .option('--timings', "print each model's build time and the time of each phase")
  .action(async (opts: { timings?: boolean }) => {
    process.exitCode = await (await commands()).transformCommand(loadConfig(), await io(), { timings: opts.timings });
  });

program
  .command('restore')
  .description('Restore a missing or damaged live database from the published copy (a damaged file is kept aside)')
  .action(async () => {
    process.exitCode = await (await commands()).restoreCommand(loadConfig(), await io());
  });

program
  .command('serve')
  .description('Run the dashboard (http://HOST:PORT) and the collection schedule')
  .option('--no-schedule', 'serve only; do not run collectors on schedule')
  .option('--host <host>', 'address to bind (default HOST or 127.0.0.1)')
  .option('--port <port>', 'port (default PORT or 3000)')
  .action(async (opts: { schedule: boolean; host?: string; port?: string }) => {
    const env = {
      ...process.env,
      ...(opts.host ? { HOST: opts.host } : {}),
      ...(opts.port ? { PORT: opts.port } : {}),
    };
    const config = loadConfig(env);
    const cli = await io();
    const { serveCommand, SHUTDOWN_GRACE_MS } = await commands();
    const running = await serveCommand(config, { schedule: opts.schedule && config.schedule }, cli);
    cli.log.info(`adoption-tracker serving on ${running.url}`);
    process.stdout.write(`adoption-tracker serving on ${running.url}\n`);
    // SIGTERM/SIGINT: stop scheduling, let a running job finish within the grace period, publish nothing partial, exit 0.
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      const waiting = running.pipeline.running;
      process.stdout.write(
        `adoption-tracker: ${signal}: stopping${waiting ? ` (waiting up to ${SHUTDOWN_GRACE_MS / 1000} s for ${waiting})` : ''}\n`,
      );
      void running.close({ graceMs: SHUTDOWN_GRACE_MS }).then((result) => {
        if (!result.finished) {
          process.stdout.write(
            `adoption-tracker: ${result.running} did not finish in time: stopped; its run is marked interrupted at the next start\n`,
          );
        }
        process.stdout.write('adoption-tracker: stopped\n');
        process.exit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('export')
  .description('Write a mart from the published database as CSV, JSON or Parquet, or every mart in one zip (--all)')
  .argument('[mart]', 'a mart name, e.g. openrouter_weekly_origin_share')
  .addOption(new Option('--format <format>', 'output format (default: csv)').choices([...EXPORT_FORMATS]))
  .option('--out <file>', 'write to this file (default: standard output; required for parquet and --all)')
  .option(
    '--all',
    "every mart as CSV and Parquet, with a data dictionary and the sources' licences, as a zip (needs --out)",
  )
  .option(
    '--raw',
    "CSV: values exactly as stored (by default text cells starting with = + - @ tab or CR get a leading ' so a spreadsheet shows them as text)",
  )
  .action(async (mart: string | undefined, opts: { format?: string; out?: string; all?: boolean; raw?: boolean }) => {
    process.exitCode = await (await commands()).exportCommand(loadConfig(), mart, opts, await io());
  });

program
  .command('sql')
  .description('Run a read-only SQL query on the published database')
  .argument('<query>', 'SQL, e.g. "select * from marts.openrouter_weekly_origin_share limit 5"')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
  .action(async (query: string, opts: { format: string }) => {
    process.exitCode = await (await commands()).sqlCommand(loadConfig(), query, opts, await io());
  });

program
  .command('status')
  .description('Last and next runs, failures, data freshness, failing checks (from the published database)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    process.exitCode = await (await commands()).statusCommand(loadConfig(), opts, await io());
  });

// By name, so that recognising them needs no import of the modules that define them.
const USAGE_ERRORS = new Set(['UsageError', 'ConfigError']);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof RangeError || (error instanceof Error && USAGE_ERRORS.has(error.name))) {
    process.stderr.write(`adoption-tracker: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof Error && (error.name === 'DatabaseLockedError' || error.name === 'LiveDatabaseError')) {
    process.stderr.write(`adoption-tracker: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`adoption-tracker: ${message}\n`);
    if (showStacks && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
