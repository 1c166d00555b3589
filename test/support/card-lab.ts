import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The launcher next to this file; from the repo root when this module runs bundled (benchmarks). */
function launcherPath(): string {
  const beside = fileURLToPath(new URL('./vicc-launcher.py', import.meta.url));
  if (existsSync(beside)) return beside;
  const fromRoot = join(process.cwd(), 'test', 'support', 'vicc-launcher.py');
  if (existsSync(fromRoot)) return fromRoot;
  throw new Error('card lab: vicc-launcher.py not found');
}

/** The first vpcd reader (vicc's slot) and the second one (free for our own virtual card). */
export const VICC_READER = 'Virtual PCD 00 00';
export const SECOND_READER = 'Virtual PCD 00 01';

/** A running pcscd + vicc in a private mount and network namespace. */
export interface CardLab {
  /** pcscd's socket seen from outside the namespace (through /proc/<pid>/root). */
  readonly socketPath: string;
  /** Environment that points libpcsclite (and opensc-tool) at this lab's pcscd. */
  readonly env: Readonly<Record<string, string>>;
  readonly pids: { readonly unshare: number; readonly pcscd: number; readonly vicc: number; readonly socat: number };
  /**
   * A UNIX socket relayed (by socat inside the namespace) to vpcd's second slot, TCP 35964: a
   * virtual card connecting here appears in reader `Virtual PCD 00 01`.
   */
  readonly slot1Socket: string;
  /** Runs a command inside the lab's namespaces (for TCP to vpcd on the private loopback). */
  nsenterArgs(): string[];
  stop(): Promise<void>;
}

const SCRIPT = `
set -e
mount -t tmpfs tmpfs /run
ip link set lo up
mkdir -p /run/pcscd
pcscd -f >/dev/null 2>&1 &
PCSCD=$!
echo "pcscd $PCSCD"
for i in $(seq 400); do
  if ss -ltn | grep -q ':35963 '; then break; fi
  sleep 0.02
done
/usr/bin/python3 "$LAUNCHER" --port 35963 >/dev/null &
VICC=$!
echo "vicc $VICC"
socat "UNIX-LISTEN:$LAB_DIR/slot1.sock,fork,mode=600" TCP:127.0.0.1:35964,nodelay >/dev/null 2>&1 &
SOCAT=$!
echo "socat $SOCAT"
# Lifeline: stdin is a pipe from the test process; EOF (the harness stopped or died) stops the lab.
cat >/dev/null || true
kill "$SOCAT" "$VICC" "$PCSCD" 2>/dev/null || true
wait
`;

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/**
 * Starts pcscd (foreground) and the patched vicc inside `unshare --mount --net`, and waits until
 * the card answers in reader `Virtual PCD 00 00` (polling the real condition: opensc-tool reads
 * its ATR through the lab's socket).
 */
export async function startCardLab(timeoutMs = 20_000): Promise<CardLab> {
  const labDir = mkdtempSync(join(tmpdir(), 'card-lab-'));
  const child = spawn('unshare', ['--mount', '--net', '--propagation', 'private', '--fork', '--kill-child', 'bash', '-c', SCRIPT], {
    env: { ...process.env, LAUNCHER: launcherPath(), LAB_DIR: labDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pids: Record<string, number> = {};
  const lines = createInterface({ input: child.stdout! });
  const both = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      const [name, pid] = line.split(' ');
      if (name !== undefined && pid !== undefined) pids[name] = Number(pid);
      if (pids.pcscd !== undefined && pids.vicc !== undefined && pids.socat !== undefined) resolve();
    });
    child.once('exit', (code) => reject(new Error(`card lab exited early (${code})`)));
  });
  const stop = async (): Promise<void> => {
    for (const pid of [pids.socat, pids.vicc, pids.pcscd]) if (pid !== undefined) killPid(pid);
    child.stdin?.end();
    if (child.pid !== undefined) killPid(child.pid);
    await waitExit(child);
    rmSync(labDir, { recursive: true, force: true });
  };
  try {
    await both;
    const socketPath = `/proc/${pids.pcscd}/root/run/pcscd/pcscd.comm`;
    const env = { PCSCLITE_CSOCK_NAME: socketPath };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (existsSync(socketPath) && existsSync(join(labDir, 'slot1.sock'))) {
        const probe = await run('opensc-tool', ['-r', VICC_READER, '-a'], { env: { ...process.env, ...env } }).catch(() => undefined);
        if (probe !== undefined && /3b:95:13:81/.test(probe.stdout)) break;
      }
      if (Date.now() > deadline) throw new Error('card lab: vicc did not become ready');
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      socketPath,
      env,
      pids: { unshare: child.pid!, pcscd: pids.pcscd!, vicc: pids.vicc!, socat: pids.socat! },
      slot1Socket: join(labDir, 'slot1.sock'),
      nsenterArgs: () => ['-t', String(pids.pcscd), '-m', '-n'],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs opensc-tool against the lab with the given APDUs (hex, spaces allowed); returns stdout. */
export async function openscTool(lab: CardLab, reader: string, apdus: readonly string[]): Promise<string> {
  const args = ['-r', reader, ...apdus.flatMap((a) => ['-s', a])];
  const { stdout } = await run('opensc-tool', args, { env: { ...process.env, ...lab.env } });
  return stdout;
}
