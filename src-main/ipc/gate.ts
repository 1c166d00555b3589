import { commands, isCommandName, type CommandName, type Output, type ParsedInput } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/envelope.js';
import { ProvisioningError, toSerializedError, type SerializedError } from '../../src-shared/errors/index.js';

/** Who is calling, as established by the transport before the gate runs. */
export interface CallContext {
  /** Which bridge carried the call. */
  readonly via: 'electron' | 'web' | 'host' | 'cli';
  /** Connection or frame identifier, for logs and per-client state. */
  readonly clientId: string;
  /** Aborted when the caller goes away. */
  readonly signal: AbortSignal;
}

/** Exactly one handler per contract command; the mapped type makes a missing or extra key a compile error. */
export type Handlers = {
  readonly [C in CommandName]: (input: ParsedInput<C>, call: CallContext) => Promise<Output<C>>;
};

/** Sink for errors nobody expected; called once per error, here at the boundary. */
export type UnexpectedErrorReporter = (error: unknown, context: { readonly command: string; readonly via: string }) => void;

/** The single schema gate in front of every handler, whichever transport delivers the call. */
export interface Gate {
  dispatch(name: unknown, raw: unknown, call: CallContext): Promise<Envelope<unknown>>;
}

/** Builds a refusal envelope. */
export function refuse(code: SerializedError['code'], message: string, details?: SerializedError['details']): Envelope<never> {
  return { ok: false, error: new ProvisioningError(code, message, details === undefined ? {} : { details }).toSerialized() };
}

/**
 * Creates the gate: unknown command → `UNKNOWN_COMMAND`; payload failing the schema →
 * `INVALID_REQUEST` with the zod issue paths; handler errors → envelope (never a rejection).
 */
export function createGate(handlers: Handlers, reportUnexpected: UnexpectedErrorReporter): Gate {
  return {
    async dispatch(name, raw, call) {
      if (!isCommandName(name)) return refuse('UNKNOWN_COMMAND', `Unknown command: ${String(name).slice(0, 100)}`);
      const parsed = commands[name].input.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
        return refuse('INVALID_REQUEST', `Invalid payload for ${name}`, { issues });
      }
      try {
        const impl = handlers[name] as (input: unknown, call: CallContext) => Promise<unknown>;
        return { ok: true, value: await impl(parsed.data, call) };
      } catch (error) {
        if (!(error instanceof ProvisioningError)) reportUnexpected(error, { command: name, via: call.via });
        return { ok: false, error: toSerializedError(error) };
      }
    },
  };
}
