import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { TraceRecord } from '../../../src-shared/trace/trace-record.js';

export const LAYER_NAMES = { dm: 'DM', link: 'Link', apdu: 'APDU', at: 'AT' } as const;
export const DIRECTION_NAMES = { out: 'to device', in: 'from device' } as const;

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

/**
 * The trace as a grid: one row per record, newest last. Keyboard: the selected row is the one tab
 * stop; ↑/↓, Home/End and PageUp/PageDown move the selection (the detail pane follows).
 */
export function TraceTable({ records, selectedId, onSelect, follow, showSlot = true }: { readonly records: readonly TraceRecord[]; readonly selectedId: number | undefined; readonly onSelect: (id: number) => void; readonly follow: boolean; /** Off for one device's trace: every row is that slot. */ readonly showSlot?: boolean }) {
  const body = useRef<HTMLTableSectionElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const index = records.findIndex((r) => r.id === selectedId);
  const focusIndex = index >= 0 ? index : records.length - 1;

  useEffect(() => {
    if (!follow || scroller.current === null) return;
    scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [records, follow]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(records.length - 1, to));
    const r = records[i];
    if (r === undefined) return;
    onSelect(r.id);
    const row = body.current?.querySelector<HTMLTableRowElement>(`tr[data-id="${r.id}"]`);
    row?.focus();
    row?.scrollIntoView?.({ block: 'nearest' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowDown: focusIndex + 1, ArrowUp: focusIndex - 1, Home: 0, End: records.length - 1, PageDown: focusIndex + 10, PageUp: focusIndex - 10 };
    const to = keys[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };

  return (
    <div className="trace-scroll" ref={scroller}>
      <table className="data-table trace-table" role="grid" aria-label="Trace records" onKeyDown={onKeyDown}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {showSlot && <th scope="col">Slot</th>}
            <th scope="col">Layer</th>
            <th scope="col">Direction</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {records.map((r, i) => (
            <tr
              key={r.id}
              data-id={r.id}
              aria-selected={r.id === selectedId}
              tabIndex={i === focusIndex ? 0 : -1}
              onClick={() => onSelect(r.id)}
              onFocus={() => r.id !== selectedId && onSelect(r.id)}
              className="trace-row"
              data-layer={r.layer}
            >
              <td className="mono">{time(r.atMs)}</td>
              {showSlot && <td>{r.slot ?? '—'}</td>}
              <td>
                <span className="badge trace-layer" data-layer={r.layer}>
                  {LAYER_NAMES[r.layer]}
                </span>
              </td>
              <td>
                <span aria-hidden="true">{r.direction === 'out' ? '→ ' : '← '}</span>
                {DIRECTION_NAMES[r.direction]}
              </td>
              <td className="mono trace-summary">{r.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
