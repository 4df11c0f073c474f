/**
 * `adoption-tracker`: collect, transform, serve, export, sql, status. Errors print one line, never a stack trace
 * (set LOG_LEVEL=debug for details); exit code 1 for a failed job, 2 for a usage error.
 */
import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DatabaseLockedError } from '../db/connection.ts';
import { ConfigError, loadConfig, secretsOf } from '../lib/config.ts';
import { createLogger } from '../lib/log.ts';
import {
  collectCommand,
  EXPORT_FORMATS,
  exportCommand,
  writeStdout,
  serveCommand,
  sqlCommand,
  statusCommand,
  transformCommand,
  UsageError,
  type Io,
} from './commands.ts';

// A .env file in the working directory fills variables not already set (Node's own loader; see .env.example).
if (fs.existsSync('.env')) process.loadEnvFile('.env');

// Set once the configuration loaded: whether an unexpected error also prints its stack.
let showStacks = false;

function io(): Io {
  const config = loadConfig();
  showStacks = config.logLevel === 'debug' || config.logLevel === 'trace';
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
  .option('--from <date>', 'first UTC day to fetch, YYYY-MM-DD (default: the source decides: back-fill, then a trailing window)')
  .option('--to <date>', 'last UTC day to fetch, YYYY-MM-DD (default: the last complete UTC day)')
  .action(async (source: string, opts: { from?: string; to?: string }) => {
    process.exitCode = await collectCommand(loadConfig(), source, { from: opts.from, to: opts.to }, io());
  });

program
  .command('transform')
  .description('Rebuild staging, intermediate and marts from the raw tables, run the checks, publish')
  .action(async () => {
    process.exitCode = await transformCommand(loadConfig(), io());
  });

program
  .command('serve')
  .description('Run the dashboard (http://HOST:PORT) and the collection schedule')
  .option('--no-schedule', 'serve only; do not run collectors on schedule')
  .option('--host <host>', 'address to bind (default HOST or 127.0.0.1)')
  .option('--port <port>', 'port (default PORT or 3000)')
  .action(async (opts: { schedule: boolean; host?: string; port?: string }) => {
    const env = { ...process.env, ...(opts.host ? { HOST: opts.host } : {}), ...(opts.port ? { PORT: opts.port } : {}) };
    const config = loadConfig(env);
    const cli = io();
    const running = await serveCommand(config, { schedule: opts.schedule && config.schedule }, cli);
    cli.log.info(`adoption-tracker serving on ${running.url}`);
    process.stdout.write(`adoption-tracker serving on ${running.url}\n`);
    const stop = () => {
      void running.close().then(() => process.exit(0));
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
  .option('--all', 'every mart as CSV and Parquet, with a data dictionary and the sources\' licences, as a zip (needs --out)')
  .action(async (mart: string | undefined, opts: { format?: string; out?: string; all?: boolean }) => {
    process.exitCode = await exportCommand(loadConfig(), mart, opts, io());
  });

program
  .command('sql')
  .description('Run a read-only SQL query on the published database')
  .argument('<query>', 'SQL, e.g. "select * from marts.openrouter_weekly_origin_share limit 5"')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
  .action(async (query: string, opts: { format: string }) => {
    process.exitCode = await sqlCommand(loadConfig(), query, opts, io());
  });

program
  .command('status')
  .description('Last and next runs, failures, data freshness, failing checks (from the published database)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    process.exitCode = await statusCommand(loadConfig(), opts, io());
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || error instanceof ConfigError || error instanceof RangeError) {
    process.stderr.write(`adoption-tracker: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof DatabaseLockedError) {
    process.stderr.write(`adoption-tracker: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`adoption-tracker: ${message}\n`);
    if (showStacks && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}
