/**
 * Helpers for tests that drive a real station through its gate: typed calls, waiting on the event
 * bus for a condition (never a sleep), and the first identified handset.
 */
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { CommandName, Input, Output } from '../../../src-shared/ipc/contract.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import type { Station } from '../../../src-main/station.js';

/** Calls through the gate: `ask` resolves with the output or throws; `failure` expects a refusal. */
export function gateCalls(station: () => Station, call: CallContext) {
  return {
    async ask<C extends CommandName>(name: C, input: Input<C>): Promise<Output<C>> {
      const envelope = await station().gate.dispatch(name, input, call);
      if (!envelope.ok) throw Object.assign(new Error(`${name}: ${envelope.error.code} ${envelope.error.message}`), { code: envelope.error.code });
      return envelope.value as Output<C>;
    },
    async failure<C extends CommandName>(name: C, input: Input<C>): Promise<{ code: string; message: string }> {
      const envelope = await station().gate.dispatch(name, input, call);
      if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
      return envelope.error;
    },
  };
}

/** Resolves once `check` returns a value (checked now and after every bus event). */
export function untilBus<T>(station: Station, check: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const now = check();
    if (now !== undefined) return resolve(now);
    const off = station.services.bus.subscribe(() => {
      const value = check();
      if (value !== undefined) {
        off();
        resolve(value);
      }
    });
  });
}

/** The first handset identified by its link or AT probe, other than those in `skip`. */
export function identifiedHandset(station: Station, skip: readonly string[] = []): Promise<DeviceSummary> {
  return untilBus(station, () => station.services.registry.list().find((d) => (d.identification === 'at' || d.identification === 'link') && !skip.includes(d.id)));
}
