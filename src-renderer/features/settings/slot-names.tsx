import { useEffect, useId, useState, type FormEvent } from 'react';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';

function SlotRow({ slot, name, onSaved }: { readonly slot: string; readonly name: string; readonly onSaved: (text: string) => void }) {
  const bridge = useBridge();
  const action = useAction();
  const id = useId();
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run(() => bridge.call('slots.rename', { slot, name: draft.trim() }));
    if (result !== undefined) onSaved(result.name === null ? `Name of ${slot} cleared` : `${slot} is now ${result.name}`);
  };
  return (
    <li>
      <form className="slot-row" onSubmit={(e) => void save(e)} aria-label={`Name of slot ${slot}`}>
        <label htmlFor={id} className="mono">
          {slot}
        </label>
        <input id={id} type="text" value={draft} maxLength={80} placeholder="e.g. Bay 3" onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" disabled={action.busy}>
          Save name
        </button>
      </form>
      {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
    </li>
  );
}

/** Names for the station's slots (the ports devices are attached to); a blank name clears it. */
export function SlotNames() {
  const bridge = useBridge();
  const [slots, setSlots] = useState<ReadonlyMap<string, string> | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const upsert = (d: DeviceSummary) => setSlots((m) => new Map(m ?? []).set(d.slot, d.slotName ?? ''));
    const off = bridge.on('device.attached', upsert);
    bridge.call('devices.list', undefined).then(
      (list) => setSlots(new Map(list.map((d) => [d.slot, d.slotName ?? '']))),
      () => setSlots(new Map()),
    );
    return off;
  }, [bridge]);
  return (
    <section className="card" aria-labelledby="slots-title">
      <h3 id="slots-title">Slot names</h3>
      {slots === undefined ? (
        <p className="muted">Reading the slots…</p>
      ) : slots.size === 0 ? (
        <p className="muted">No devices attached: a slot appears here when a device is plugged into it.</p>
      ) : (
        <ul className="plain-list">
          {[...slots.entries()].map(([slot, name]) => (
            <SlotRow key={slot} slot={slot} name={name} onSaved={setAnnouncement} />
          ))}
        </ul>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
