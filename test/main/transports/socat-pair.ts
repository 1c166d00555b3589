import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running `socat` pty pair; stop it by pid with {@link SocatPair.stop}. */
export interface SocatPair {
  readonly a: string;
  readonly b: string;
  readonly pid: number;
  /** Resolves when socat has exited. */
  readonly exited: Promise<void>;
  /** Sends SIGTERM to socat's pid and waits for it to exit; removes the temp dir. */
  stop(): Promise<void>;
}

/**
 * Starts `socat -d -d pty,raw,echo=0,link=<tmp>/a pty,raw,echo=0,link=<tmp>/b` and resolves
 * once socat reports its data-transfer loop (both links exist by then).
 */
export async function startSocatPair(): Promise<SocatPair> {
  const dir = mkdtempSync(join(tmpdir(), 'bootbench-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`socat exited early (${code}): ${log}`)));
    child.once('error', reject);
  });
  const pid = child.pid!;
  return {
    a,
    b,
    pid,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
