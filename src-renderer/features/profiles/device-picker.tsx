import { useEffect, useRef } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import { messageFor } from '../../lib/error-messages.js';
import { useBenchDevices } from './use-bench-devices.js';

/** Props of {@link DevicePicker}. */
export interface DevicePickerProps {
  readonly label: string;
  readonly value: DeviceId | undefined;
  readonly onChange: (deviceId: DeviceId | undefined) => void;
  /** Picks (and focuses) the connected device with this IMEI when it changes; `n` makes a repeated request count. */
  readonly prefer?: { readonly imei: string; readonly n: number } | undefined;
  /** Told whether the preferred IMEI is on the bench. */
  readonly onPreferred?: (found: boolean) => void;
}

/** Picks one of the Bench's connected devices (kept live from attach/detach events); a failed listing shows in the picker itself. */
export function DevicePicker({ label, value, onChange, prefer, onPreferred }: DevicePickerProps) {
  const { devices, error } = useBenchDevices();
  const select = useRef<HTMLSelectElement>(null);
  const handled = useRef<number | undefined>(undefined);
  useEffect(() => {
    // Each request picks once (when its device is listed), so later attach events never steal the focus.
    if (prefer === undefined || devices === undefined || handled.current === prefer.n) return;
    const match = devices.find((d) => d.identity.imei === prefer.imei);
    onPreferred?.(match !== undefined);
    if (match === undefined) return;
    handled.current = prefer.n;
    onChange(match.id);
    select.current?.focus();
  }, [prefer, devices, onChange, onPreferred]);
  const selected = devices?.some((d) => d.id === value) === true ? value : undefined;
  return (
    <>
      <label>
        <span>{label}</span>
        <select ref={select} value={selected ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as DeviceId))} disabled={devices === undefined || devices.length === 0}>
          <option value="">{devices === undefined ? (error === undefined ? 'Reading the bench…' : `Devices unavailable: ${messageFor(error.code).title}`) : devices.length === 0 ? 'No device connected' : 'Choose a device'}</option>
          {devices?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.slotName ?? d.slot} — {d.identity.model ?? d.label}
              {d.identity.imei === undefined ? '' : ` (IMEI ${d.identity.imei})`}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
