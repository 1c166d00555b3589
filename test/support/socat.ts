import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A running `socat` pty pair: two linked tty paths, stopped by pid. */
export interface PtyPair {
  readonly a: string;
  readonly b: string;
  readonly pid: number;
  /** Stops socat (SIGTERM by pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` and resolves once socat reports
 * that both ptys exist and the data transfer loop started (parsed from its stderr, no sleeping).
 */
export async function startPtyPair(dir: string, name = 'tty'): Promise<PtyPair> {
  const a = join(dir, `${name}A`);
  const b = join(dir, `${name}B`);
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.pid === undefined) throw new Error('socat did not start');
  const pid = child.pid;
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/starting data transfer loop/.test(log) && existsSync(a) && existsSync(b)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`socat exited early (${code}): ${log}`)));
    child.once('error', reject);
  });
  child.stderr?.resume();
  const exited = once(child, 'exit');
  return {
    a,
    b,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        await exited;
      }
    },
  };
}
