import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { err, ok, type Result } from '../../src-shared/util/result.js';

/** Options of {@link ProbePool}. */
export interface ProbePoolOptions {
  /** Probes running at once. @default 4 */
  readonly concurrency?: number;
  /** A probe's slot is given back after this long, whether or not the probe ended. @default 5000 */
  readonly timeoutMs?: number;
}

interface Job {
  readonly key: string;
  readonly task: (signal: AbortSignal) => Promise<unknown>;
  readonly controller: AbortController;
  readonly settle: (result: Result<unknown, ProvisioningError>) => void;
}

/**
 * Runs port probes concurrently with a bound, a per-probe deadline and per-port cancellation.
 *
 * A probe that hangs past `timeoutMs` is aborted (its signal fires with TRANSPORT_TIMEOUT) and its
 * slot is freed at once, even if the task ignores the signal: one dead port never stalls the
 * others. One key has at most one probe; a new `run` for a key cancels the previous one.
 */
export class ProbePool {
  readonly #queue: Job[] = [];
  readonly #jobs = new Map<string, Job>();
  #running = 0;
  #closed = false;
  readonly #concurrency: number;
  readonly #timeoutMs: number;

  constructor(options: ProbePoolOptions = {}) {
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Probes running now. */
  get running(): number {
    return this.#running;
  }

  /** Queues a probe; resolves with its value, or with the error that ended it (never rejects). */
  run<T>(key: string, task: (signal: AbortSignal) => Promise<T>): Promise<Result<T, ProvisioningError>> {
    this.cancel(key);
    return new Promise((resolve) => {
      const job: Job = { key, task, controller: new AbortController(), settle: resolve as (r: Result<unknown, ProvisioningError>) => void };
      if (this.#closed) {
        resolve(err(new ProvisioningError('CANCELLED', 'Discovery stopped')));
        return;
      }
      this.#jobs.set(key, job);
      this.#queue.push(job);
      this.#next();
    });
  }

  /** Cancels the probe of `key`, queued or running (it settles with CANCELLED). */
  cancel(key: string): void {
    const job = this.#jobs.get(key);
    if (job === undefined) return;
    this.#jobs.delete(key);
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    job.controller.abort(new ProvisioningError('CANCELLED', 'Probe cancelled'));
    job.settle(err(new ProvisioningError('CANCELLED', 'Probe cancelled', { details: { key } })));
  }

  /** Cancels everything and refuses new probes. */
  close(): void {
    this.#closed = true;
    for (const key of [...this.#jobs.keys()]) this.cancel(key);
  }

  #next(): void {
    while (this.#running < this.#concurrency) {
      const job = this.#queue.shift();
      if (job === undefined) return;
      this.#start(job);
    }
  }

  #start(job: Job): void {
    this.#running++;
    let finished = false;
    const finish = (result: Result<unknown, ProvisioningError>): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      this.#running--;
      if (this.#jobs.get(job.key) === job) {
        this.#jobs.delete(job.key);
        job.settle(result);
      }
      this.#next();
    };
    const timer = setTimeout(() => {
      const error = new ProvisioningError('TRANSPORT_TIMEOUT', 'Port probe timed out', { retryable: true, details: { key: job.key, timeoutMs: this.#timeoutMs } });
      finish(err(error));
      job.controller.abort(error);
    }, this.#timeoutMs);
    job.controller.signal.addEventListener('abort', () => finish(err(new ProvisioningError('CANCELLED', 'Probe cancelled'))), { once: true });
    job.task(job.controller.signal).then(
      (value) => finish(ok(value)),
      (error: unknown) => finish(err(error instanceof ProvisioningError ? error : new ProvisioningError('INTERNAL', 'Port probe failed', { cause: error, details: { key: job.key } }))),
    );
  }
}
