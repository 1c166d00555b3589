import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { commands, isCommandName, type CommandName, type EventName, type Output, type ParsedInput, type Payload } from '../../../src-shared/ipc/contract.js';
import type { BootbenchApi, Envelope } from '../../../src-shared/ipc/envelope.js';
import type { Bridge } from '../../../src-renderer/bridge/bridge.js';
import type { ConnectionStatus } from '../../../src-renderer/bridge/connection-status.js';

/** Answers per command; a throw of `ProvisioningError` becomes an error envelope. */
export type Script = { [C in CommandName]?: (input: ParsedInput<C>) => Output<C> | Promise<Output<C>> };

/**
 * A fake bridge for component tests: inputs are parsed with the contract's schemas (so a view
 * sending a malformed request fails the test), answers come from the script and are parsed with
 * the output schemas, and every call is recorded.
 */
export class ScriptedBridge implements Bridge {
  readonly shell = 'web' as const;
  readonly calls: { name: CommandName; input: unknown }[] = [];
  readonly #listeners = new Map<string, Set<(p: never) => void>>();
  readonly status = { current: (): ConnectionStatus => ({ kind: 'connected' }), subscribe: () => () => undefined };

  constructor(readonly script: Script) {}

  readonly api: BootbenchApi = {
    invoke: (async (name: string, raw: unknown): Promise<Envelope<unknown>> => {
      if (!isCommandName(name)) throw new TypeError(`Unknown command: ${name}`);
      const input = commands[name].input.parse(JSON.parse(JSON.stringify(raw ?? null)) ?? undefined);
      this.calls.push({ name, input });
      const answer = this.script[name] as ((i: unknown) => unknown) | undefined;
      if (answer === undefined) return { ok: false, error: new ProvisioningError('UNKNOWN_COMMAND', name).toSerialized() };
      try {
        return { ok: true, value: commands[name].output.parse(await answer(input)) };
      } catch (e) {
        if (e instanceof ProvisioningError) return { ok: false, error: e.toSerialized() };
        throw e;
      }
    }) as BootbenchApi['invoke'],
    on: ((name: EventName, listener: (p: never) => void) => {
      const set = this.#listeners.get(name) ?? new Set();
      this.#listeners.set(name, set);
      set.add(listener);
      return () => void set.delete(listener);
    }) as BootbenchApi['on'],
  };

  /** Emits a contract event to the UI. */
  emit<E extends EventName>(name: E, payload: Payload<E>): void {
    for (const l of [...(this.#listeners.get(name) ?? [])]) l(payload as never);
  }

  /** The inputs of every call of `name`, in order. */
  inputsOf<C extends CommandName>(name: C): ParsedInput<C>[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input as ParsedInput<C>);
  }
}
