import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf } from '../../lib/config.ts';

describe('loadConfig()', () => {
  it('needs nothing: loopback, port 3000, ./data, the public APIs, seed history and schedule on', () => {
    expect(loadConfig({})).toEqual({
      dataDir: path.resolve('./data'),
      openrouterBaseUrl: 'https://openrouter.ai/api/v1',
      openrouterApiKey: undefined,
      hfEndpoint: 'https://huggingface.co',
      hfToken: undefined,
      host: '127.0.0.1',
      port: 3000,
      publicUrl: undefined,
      loadSeedHistory: true,
      schedule: true,
      logLevel: 'info',
      hfScope: 'tracked',
      lakeDir: path.resolve('./data/lake'),
      payloadRetentionDays: undefined,
      duckdbMemoryLimit: undefined,
    });
  });

  it('reads every variable, trims them and drops a trailing slash from URLs', () => {
    const config = loadConfig({
      ADOPTION_DATA_DIR: '/srv/adoption',
      OPENROUTER_BASE_URL: 'http://127.0.0.1:9000/api/v1/',
      OPENROUTER_API_KEY: ' sk-or-test ',
      HF_ENDPOINT: 'http://127.0.0.1:9000',
      HF_TOKEN: 'hf_test',
      HOST: '0.0.0.0',
      PORT: '8080',
      PUBLIC_URL: 'https://adoption.example.org/',
      ADOPTION_SEED_HISTORY: 'off',
      ADOPTION_SCHEDULE: 'false',
      LOG_LEVEL: 'debug',
      HF_SCOPE: 'all',
      ADOPTION_LAKE_DIR: '/mnt/lake',
      ADOPTION_PAYLOAD_RETENTION_DAYS: '30',
      ADOPTION_DUCKDB_MEMORY_LIMIT: '1GB',
    });
    expect(config).toEqual({
      dataDir: '/srv/adoption',
      openrouterBaseUrl: 'http://127.0.0.1:9000/api/v1',
      openrouterApiKey: 'sk-or-test',
      hfEndpoint: 'http://127.0.0.1:9000',
      hfToken: 'hf_test',
      host: '0.0.0.0',
      port: 8080,
      publicUrl: 'https://adoption.example.org',
      loadSeedHistory: false,
      schedule: false,
      logLevel: 'debug',
      hfScope: 'all',
      lakeDir: '/mnt/lake',
      payloadRetentionDays: 30,
      duckdbMemoryLimit: '1GB',
    });
    expect(secretsOf(config)).toEqual(['sk-or-test', 'hf_test']);
  });

  it('fails with one sentence naming the variable', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000"'],
      [{ HF_TOKEN: 'abc' }, 'HF_TOKEN must start with hf_'],
      [{ HF_ENDPOINT: 'ftp://hub' }, 'HF_ENDPOINT must be an http(s) URL, got ftp:'],
      [{ OPENROUTER_BASE_URL: 'not a url' }, 'OPENROUTER_BASE_URL is not a URL: "not a url"'],
      [{ PUBLIC_URL: 'example.org' }, 'PUBLIC_URL is not a URL: "example.org"'],
      [{ ADOPTION_SCHEDULE: 'sometimes' }, 'ADOPTION_SCHEDULE must be on or off, got "sometimes"'],
      [{ HF_SCOPE: 'everything' }, 'HF_SCOPE must be one of tracked, all, got "everything"'],
      [
        { ADOPTION_PAYLOAD_RETENTION_DAYS: '0' },
        'ADOPTION_PAYLOAD_RETENTION_DAYS must be a whole number of days (1 or more) or all, got "0"',
      ],
      [
        { ADOPTION_DUCKDB_MEMORY_LIMIT: 'lots' },
        'ADOPTION_DUCKDB_MEMORY_LIMIT must be a size like 1GB or 512MiB, got "lots"',
      ],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrow(new ConfigError(message));
    }
  });

  it('HOST must be an IP address or a host name (issue 9: 999.1.1.1 failed only after a transform, without naming HOST)', () => {
    for (const bad of ['999.1.1.1', '1.2.3', 'exa mple.org', '-bad.example', 'a..b', '[::1', 'http://localhost']) {
      expect(() => loadConfig({ HOST: bad })).toThrow(
        new ConfigError(`HOST must be an IP address or a host name, got ${JSON.stringify(bad)}`),
      );
    }
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ HOST: '[::1]' }).host).toBe('::1');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
    expect(loadConfig({ HOST: 'dash-1.example.org' }).host).toBe('dash-1.example.org');
    expect(loadConfig({ HOST: '10.0.0.7' }).host).toBe('10.0.0.7');
  });

  it('PORT is a plain decimal from 0 to 65535 (0x50, 1e3, +80, 80.0 are refused)', () => {
    for (const bad of ['0x50', '1e3', '+80', '80.0', '-1', '65536', '0b1', '٣٠٠٠']) {
      expect(() => loadConfig({ PORT: bad })).toThrow(
        new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(bad)}`),
      );
    }
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ PORT: '08080' }).port).toBe(8080);
  });

  it('ADOPTION_DATA_DIR naming a file fails naming the variable; a folder not made yet is fine', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-config-'));
    try {
      const file = path.join(dir, 'a-file');
      fs.writeFileSync(file, 'x');
      expect(() => loadConfig({ ADOPTION_DATA_DIR: file })).toThrow(
        new ConfigError(`ADOPTION_DATA_DIR must be a folder, but ${JSON.stringify(file)} is a file`),
      );
      expect(loadConfig({ ADOPTION_DATA_DIR: path.join(dir, 'later') }).dataDir).toBe(path.join(dir, 'later'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
