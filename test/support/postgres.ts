import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A throw-away PostgreSQL cluster on a private loopback port. */
export interface PostgresCluster {
  readonly port: number;
  /** Connection string of the test database (`bootbench`). */
  readonly connectionString: string;
  /** The postmaster pid (read from postmaster.pid after start). */
  readonly pid: number;
  /** Creates another empty database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Stops the postmaster (fast shutdown, waiting for exit) and deletes the cluster. */
  stop(): Promise<void>;
}

/** The newest installed Debian PostgreSQL bin directory, or undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster: `initdb` into a temp dir, `pg_ctl -w start` on a free loopback port.
 *
 * As root the binaries run as the `postgres` user (`runuser`), since PostgreSQL refuses to run as
 * root. Trust authentication on 127.0.0.1 only, with fsync off: the cluster lives for one test file.
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = await mkdtemp(join(tmpdir(), 'bootbench-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgRun = (tool: string, args: readonly string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), [...args]));
  const data = join(dir, 'data');
  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await pgRun('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
      break;
    } catch (error) {
      if (attempt >= 2) throw error; // another process took the port between probe and bind
    }
  }
  const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const base = `postgresql://postgres@127.0.0.1:${port}`;
  const createDatabase = async (name: string): Promise<string> => {
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    try {
      await client.query(`create database "${name.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
    return `${base}/${name}`;
  };
  const stop = async (): Promise<void> => {
    try {
      await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    return { port, pid, connectionString: await createDatabase('bootbench'), createDatabase, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
