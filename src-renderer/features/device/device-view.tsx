import { useCallback, useId, useState } from 'react';
import { DeviceId } from '../../../src-shared/domain/device.js';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import { useNavigation } from '../../app/navigation.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useDevices } from '../bench/use-devices.js';
import { TracePanel } from '../trace/trace-panel.js';
import { IdentityHeader } from './identity-header.js';
import { TreeInspector } from './tree-inspector.js';
import { useDeviceTree } from './use-device-tree.js';
import './device.css';

/** Device ids of PC/SC readers (`pcsc:<reader name>`). */
const CARD_READER_ID_PREFIX = 'pcsc:';

/** The Device view: identity, the MO tree inspector and the live trace of one device. */
export function DeviceView() {
  const { location, go } = useNavigation();
  const pickerId = useId();
  const [listError, setListError] = useState<ProvisioningError | undefined>(undefined);
  const devices = useDevices(useCallback((e: ProvisioningError) => setListError(e), []));
  const raw = location.params['deviceId'];
  const parsed = raw === undefined ? undefined : DeviceId.safeParse(raw);
  const deviceId = parsed?.success === true ? parsed.data : undefined;
  const device = (devices.devices ?? []).find((d) => d.id === deviceId);
  // A card reader has no management tree to read over a cable: its card is written by a run.
  const card = device?.kind === 'card-reader' || deviceId?.startsWith(CARD_READER_ID_PREFIX) === true;
  const state = useDeviceTree(card ? undefined : deviceId);
  return (
    <section aria-labelledby="device-heading" className="device-view">
      <div className="view-header">
        <h2 id="device-heading">Device</h2>
        <div className="form-inline">
          <label htmlFor={pickerId}>Device to inspect</label>
          <select id={pickerId} value={deviceId ?? ''} onChange={(e) => go('device', e.target.value === '' ? {} : { deviceId: e.target.value })}>
            <option value="">Choose a device…</option>
            {(devices.devices ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.slotName ?? d.slot} — {d.label}
              </option>
            ))}
          </select>
          <button type="button" className="button-secondary" onClick={state.reload} disabled={deviceId === undefined || card || state.reading}>
            {state.reading ? 'Reading…' : 'Read tree again'}
          </button>
        </div>
      </div>
      {listError !== undefined && <ErrorNotice error={listError} onDismiss={() => setListError(undefined)} />}
      {deviceId === undefined ? (
        <p className="empty-state">Choose a device to inspect its management tree.</p>
      ) : (
        <>
          <IdentityHeader device={device} tree={state.tree} />
          {card && (
            <p className="muted">
              A card reader has no management tree to read. A run writes the profile's smartcard section to the card in it (EF DM_Bootstrap, read back to verify); every APDU of that write is in the trace below, PINs masked.
            </p>
          )}
          {state.error !== undefined && <ErrorNotice error={state.error} />}
          {state.reading && state.tree === undefined && <p className="muted" role="status">Reading the tree over the device's cable…</p>}
          {state.tree !== undefined && state.index !== undefined && (
            <TreeInspector key={deviceId} deviceId={deviceId} tree={state.tree} index={state.index} onTree={state.replace} onReload={state.reload} />
          )}
          <TracePanel deviceId={deviceId} />
        </>
      )}
    </section>
  );
}
