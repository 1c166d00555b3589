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

/** A one-use `socat` pty pair that passes a hang-up on: see {@link startHangupPtyPair}. */
export interface HangupPtyPair {
  /** The first tty (a /dev/pts path); exists when the pair is returned. */
  readonly a: string;
  /** The second tty: socat creates it once `a` has been opened. */
  readonly b: Promise<string>;
  readonly pid: number;
  /** Resolves when socat has exited (after either end was closed, or {@link stop}). */
  readonly exited: Promise<void>;
  /** Stops socat (SIGTERM by pid) unless it already exited, and waits for it. */
  stop(): Promise<void>;
}

const HANGUP_END = 'pty,raw,echo=0,wait-slave,pty-interval=0.002';

/**
 * Starts `socat -t 0 pty,wait-slave,… pty,wait-slave,…`: unlike {@link startPtyPair} (where socat
 * keeps both slave ends open, so closing one end is invisible at the other), socat holds no slave
 * open here, so when either end closes its tty socat reads EIO, exits at once (`-t 0`) and the
 * other end sees its line drop (EIO), like a handset pulling the cable. One use per pair.
 * `wait-slave` makes socat create the second pty only after the first was opened: open `a`, then
 * await `b`. The paths are the /dev/pts names socat reports (no symlinks: socat logs the name
 * before it creates a link, and removes the link when it exits). For many pairs, a
 * {@link SocatSpawner} starts them without forking this (large) process each time.
 */
export async function startHangupPtyPair(): Promise<HangupPtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', '-t', '0', HANGUP_END, HANGUP_END], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.pid === undefined) throw new Error('socat did not start');
  const pid = child.pid;
  const pair = new PendingPair(pid);
  child.once('exit', (code) => pair.exit(code));
  child.once('error', (e) => pair.fail(e));
  let buffer = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) pair.log(line);
  });
  return pair.ready();
}

/** Tracks one hang-up pair from socat's log lines (`socat[pid] N PTY is /dev/pts/n`). */
class PendingPair {
  readonly #ptys: string[] = [];
  readonly #waiters: [(path: string) => void, (e: Error) => void][] = [];
  readonly #first: Promise<string>;
  readonly #b: Promise<string>;
  readonly exited: Promise<void>;
  #log = '';
  #done = false;
  #onExit!: () => void;

  constructor(readonly pid: number) {
    this.#first = new Promise((resolve, reject) => this.#waiters.push([resolve, reject]));
    this.#b = new Promise((resolve, reject) => this.#waiters.push([resolve, reject]));
    this.#b.catch(() => undefined);
    this.exited = new Promise((resolve) => (this.#onExit = resolve));
  }

  log(line: string): void {
    if (this.#ptys.length < 2) this.#log += `${line}\n`;
    const pty = /PTY is (\S+)/.exec(line);
    if (pty !== null && this.#ptys.length < 2) {
      this.#ptys.push(pty[1]!);
      this.#waiters[this.#ptys.length - 1]![0](pty[1]!);
    }
    if (/ exiting /.test(line)) this.exit(0);
  }

  fail(error: Error): void {
    for (const [, reject] of this.#waiters.slice(this.#ptys.length)) reject(error);
    this.#ptys.push('', ''); // nothing more to wait for
  }

  exit(code: number | null): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#ptys.length < 2) this.fail(new Error(`socat exited before both ptys existed (${code}): ${this.#log}`));
    this.#onExit();
  }

  async ready(): Promise<HangupPtyPair> {
    const a = await this.#first;
    const { pid, exited } = this;
    const isDone = (): boolean => this.#done;
    return {
      a,
      b: this.#b,
      pid,
      exited,
      async stop() {
        if (isDone()) return;
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          return; // already gone
        }
        await exited;
      },
    };
  }
}

/** Starts one-use hang-up pty pairs through one long-lived shell ({@link startSocatSpawner}). */
export interface SocatSpawner {
  /** A new {@link startHangupPtyPair}-style pair. */
  hangupPair(): Promise<HangupPtyPair>;
  /** Stops every socat still running (by pid), then the shell (by pid). */
  stop(): Promise<void>;
}

/**
 * A small `sh` that starts socat hang-up pairs on request: a sweep starts thousands of pairs, and
 * forking the test process (hundreds of MB) for each costs milliseconds of its only thread; the
 * shell's fork is cheap and runs on another core. socat's log lines carry its pid, so one pipe
 * serves every pair.
 */
export async function startSocatSpawner(): Promise<SocatSpawner> {
  const script = `while read -r _; do socat -d -d -t 0 ${HANGUP_END} ${HANGUP_END} 2>&1 & echo "started $!"; done`;
  const shell = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (shell.pid === undefined) throw new Error('sh did not start');
  const shellPid = shell.pid;
  const shellExited = once(shell, 'exit');
  const starting: ((pid: number) => void)[] = [];
  const pairs = new Map<number, PendingPair>();
  let buffer = '';
  shell.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const started = /^started (\d+)$/.exec(line);
      if (started !== null) {
        const pid = Number(started[1]);
        if (!pairs.has(pid)) pairs.set(pid, new PendingPair(pid));
        starting.shift()?.(pid);
        continue;
      }
      const of = /socat\[(\d+)\]/.exec(line);
      if (of === null) continue;
      const pid = Number(of[1]);
      // A pair's first line may come before the shell's "started" line.
      const pair = pairs.get(pid) ?? new PendingPair(pid);
      pairs.set(pid, pair);
      pair.log(line);
      if (/ exiting /.test(line)) pairs.delete(pid);
    }
  });
  return {
    async hangupPair() {
      const pid = await new Promise<number>((resolve) => {
        starting.push(resolve);
        shell.stdin.write('pair\n');
      });
      return pairs.get(pid)!.ready();
    },
    async stop() {
      for (const pid of pairs.keys()) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      shell.stdin.end();
      if (shell.exitCode === null && shell.signalCode === null) process.kill(shellPid, 'SIGTERM');
      await shellExited;
    },
  };
}
