/**
 * The `bootbench dm-server` configuration file (JSON or YAML): server id, HTTP accounts (passwords
 * by environment variable name, never in the file), a script of commands per round, repository
 * documents, and the PSK file format. Everything is parsed from `unknown` into typed values;
 * any problem is an `INVALID_REQUEST` naming the file and the place.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { parseCommand, type DmCommand } from '../../src-shared/protocol/dm/packages/commands.js';
import { parseMoSerializationJson } from '../../src-shared/protocol/dm/serialization.js';
import { fromHex } from '../../src-shared/util/bytes.js';

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;

const configSchema = z.strictObject({
  serverId: z.string().min(1).max(256),
  host: z.string().min(1).max(255).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  auth: z
    .strictObject({
      realm: z.string().min(1).max(128).default('bootbench-dm'),
      schemes: z.array(z.enum(['digest', 'basic'])).min(1).max(2).default(['digest']),
      accounts: z.array(z.strictObject({ user: z.string().min(1).max(128).regex(/^[^:\s]+$/), passwordEnv: z.string().regex(ENV_NAME) })).min(1).max(1000),
    })
    .optional(),
  script: z.array(z.array(z.array(z.string().max(8192)).min(1).max(65)).max(1024)).max(64).default([]),
  repository: z.record(z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/), z.unknown()).default({}),
});

/** The parsed configuration file. */
export type DmServerConfigFile = z.output<typeof configSchema>;

/** A loaded configuration with its secrets resolved from the environment (kept in memory only). */
export interface LoadedServerConfig {
  readonly file: DmServerConfigFile;
  /** HTTP password lookup, when `auth` is configured. */
  readonly lookup?: (user: string) => string | undefined;
}

function bad(file: string, why: string, cause?: unknown): ProvisioningError {
  return new ProvisioningError('INVALID_REQUEST', `${file}: ${why}`, cause === undefined ? {} : { cause });
}

/** Parses config text (YAML is a superset of JSON) and validates it. */
export function parseServerConfig(text: string, file: string, env: Readonly<Record<string, string | undefined>>): LoadedServerConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw bad(file, `not JSON or YAML (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw bad(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const cfg = parsed.data;
  for (const [name, doc] of Object.entries(cfg.repository)) {
    try {
      parseMoSerializationJson(JSON.stringify(doc));
    } catch (error) {
      throw bad(file, `repository.${name}: ${error instanceof ProvisioningError ? error.message : 'not an MO serialization'}`);
    }
  }
  scriptCommands(cfg.script, 'http://127.0.0.1:1', file);
  if (cfg.auth === undefined) return { file: cfg };
  const passwords = new Map<string, string>();
  for (const a of cfg.auth.accounts) {
    const value = env[a.passwordEnv];
    if (value === undefined || value.length === 0) throw bad(file, `auth: environment variable ${a.passwordEnv} (password of ${a.user}) is not set`);
    passwords.set(a.user, value);
  }
  return { file: cfg, lookup: (user) => passwords.get(user) };
}

/** Reads and parses a config file. */
export async function loadServerConfig(file: string, env: Readonly<Record<string, string | undefined>>): Promise<LoadedServerConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProvisioningError('NOT_FOUND', `${file}: cannot read the configuration file`, { cause: error });
  }
  return parseServerConfig(text, file, env);
}

/**
 * The script's commands per round with `{server}` (base URL) and `{repo}` (base URL + `/repo`)
 * substituted; throws INVALID_REQUEST for a command the engine would reject.
 */
export function scriptCommands(script: DmServerConfigFile['script'], baseUrl: string, file = 'config'): DmCommand[][] {
  return script.map((round, r) =>
    round.map((raw, c) => {
      const expanded = raw.map((s) => s.replaceAll('{repo}', `${baseUrl}/repo`).replaceAll('{server}', baseUrl));
      const parsed = parseCommand(expanded);
      if (!parsed.ok) throw bad(file, `script[${r}][${c}] ${JSON.stringify(raw[0] ?? '')}: ${parsed.error.reason}`);
      return parsed.value;
    }),
  );
}

/** Parses a PSK file: one `identity:hexkey` per line, `#` comments. Keys stay in memory. */
export function parsePskFile(text: string, file: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const colon = t.lastIndexOf(':');
    const identity = t.slice(0, colon);
    const key = colon > 0 ? fromHex(t.slice(colon + 1)) : undefined;
    if (identity.length === 0 || identity.length > 128 || key === undefined || key.length < 16 || key.length > 64) {
      throw bad(file, `line ${i + 1}: expected identity:hexkey with a 16-64 byte key`);
    }
    out.set(identity, key);
  });
  if (out.size === 0) throw bad(file, 'no PSK entries');
  return out;
}
