import { useMemo, useState } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { TraceExportFormat } from '../../../src-shared/trace/trace-record.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { downloadText } from '../../lib/download.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { TraceDetail } from './trace-detail.js';
import { ALL_LAYERS, TraceFilters, type TraceFilterState } from './trace-filters.js';
import { TraceTable } from './trace-table.js';
import { useLiveTrace } from './use-live-trace.js';
import './trace.css';

/** The live trace of DM packages, link frames and APDUs, for one device or the whole station. */
export function TracePanel({ deviceId }: { readonly deviceId?: DeviceId }) {
  const bridge = useBridge();
  const [filters, setFilters] = useState<TraceFilterState>({ layers: ALL_LAYERS, direction: 'both', text: '' });
  const [selectedId, setSelectedId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState('');
  const exporting = useAction();
  const clearing = useAction();
  const filter = useMemo(
    () => ({
      ...(deviceId === undefined ? {} : { deviceId }),
      layers: [...filters.layers],
      ...(filters.direction === 'both' ? {} : { directions: [filters.direction] }),
      text: filters.text,
    }),
    [deviceId, filters],
  );
  const live = useLiveTrace(filter);
  const selected = live.records.find((r) => r.id === selectedId);
  const noLayers = filters.layers.length === 0;
  const shown = noLayers ? [] : live.records;

  const doExport = async (format: TraceExportFormat) => {
    const { text, ...rest } = filter;
    const result = await exporting.run(() => bridge.call('trace.export', { ...rest, ...(text.trim() === '' ? {} : { text: text.trim() }), format }));
    if (result === undefined) return;
    downloadText(result.fileName, result.text, result.mediaType);
    setStatus(`Exported ${result.count} records as ${format === 'json' ? 'JSON' : 'text'}.`);
  };
  const doClear = async () => {
    const result = await clearing.run(() => bridge.call('trace.clear', deviceId === undefined ? {} : { deviceId }));
    if (result === undefined) return;
    live.reset();
    setSelectedId(undefined);
    setStatus(`Cleared ${result.removed} records.`);
  };

  return (
    <section className="card trace-panel" aria-labelledby="trace-title">
      <div className="view-header">
        <h3 id="trace-title">Live trace</h3>
        <div className="toolbar">
          {live.paused ? (
            <button type="button" onClick={live.resume}>
              Resume{live.waiting > 0 ? ` (${live.waiting} new)` : ''}
            </button>
          ) : (
            <button type="button" onClick={live.pause}>
              Pause
            </button>
          )}
          <button type="button" className="button-secondary" onClick={() => void doExport('json')} disabled={exporting.busy}>
            Export JSON
          </button>
          <button type="button" className="button-secondary" onClick={() => void doExport('text')} disabled={exporting.busy}>
            Export text
          </button>
          <button type="button" className="button-secondary" onClick={() => void doClear()} disabled={clearing.busy}>
            Clear
          </button>
        </div>
      </div>
      <TraceFilters value={filters} onChange={setFilters} />
      {[live.load, exporting, clearing].map((a, i) => a.error !== undefined && <ErrorNotice key={i} error={a.error} onDismiss={a.clearError} />)}
      <p className="muted" aria-live="polite" data-testid="trace-status">
        {status !== '' ? `${status} ` : ''}
        {live.paused ? `Paused: ${live.waiting} new records waiting.` : `${shown.length} records shown.`}
      </p>
      <div className="trace-body">
        {shown.length === 0 ? (
          <p className="muted trace-empty">{noLayers ? 'Choose at least one layer.' : 'Nothing traced yet: traffic of a device line appears here as it happens.'}</p>
        ) : (
          <TraceTable records={shown} selectedId={selectedId} onSelect={setSelectedId} follow={!live.paused && selectedId === undefined} showSlot={deviceId === undefined} />
        )}
        <TraceDetail record={selected} />
      </div>
    </section>
  );
}
