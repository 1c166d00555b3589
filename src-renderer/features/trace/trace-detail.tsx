import type { TraceRecord } from '../../../src-shared/trace/trace-record.js';
import { DIRECTION_NAMES, LAYER_NAMES } from './trace-table.js';

/** Hex dump: offset, 16 bytes, printable ASCII. */
export function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let at = 0; at < hex.length; at += 32) {
    const chunk = hex.slice(at, at + 32);
    const bytes = chunk.match(/../g) ?? [];
    const ascii = bytes.map((b) => {
      const c = parseInt(b, 16);
      return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    });
    lines.push(`${(at / 2).toString(16).padStart(4, '0')}  ${bytes.join(' ').padEnd(47)}  ${ascii.join('')}`);
  }
  return lines.join('\n');
}

/** The selected record: what it is, the decoded view and the bytes. */
export function TraceDetail({ record }: { readonly record: TraceRecord | undefined }) {
  if (record === undefined) {
    return (
      <section className="card trace-detail" aria-labelledby="trace-detail-title">
        <h3 id="trace-detail-title">Record</h3>
        <p className="muted">Select a record to see it decoded.</p>
      </section>
    );
  }
  return (
    <section className="card trace-detail" aria-labelledby="trace-detail-title">
      <h3 id="trace-detail-title">Record #{record.id}</h3>
      <dl className="facts">
        <dt>Time</dt>
        <dd className="mono">{new Date(record.atMs).toISOString()}</dd>
        <dt>Slot</dt>
        <dd>{record.slot ?? '—'}</dd>
        <dt>Layer</dt>
        <dd>{LAYER_NAMES[record.layer]}</dd>
        <dt>Direction</dt>
        <dd>{DIRECTION_NAMES[record.direction]}</dd>
        <dt>Bytes</dt>
        <dd>{record.length ?? (record.hex === undefined ? '—' : record.hex.length / 2)}</dd>
      </dl>
      <h4>Decoded</h4>
      <pre className="trace-pre" tabIndex={0} aria-label="Decoded record">
        {record.detail ?? record.summary}
      </pre>
      <h4>Hex</h4>
      {record.hex === undefined ? (
        <p className="muted">No bytes kept for this record (they may carry credentials).</p>
      ) : (
        <pre className="trace-pre mono" tabIndex={0} aria-label="Hex dump">
          {hexDump(record.hex)}
        </pre>
      )}
    </section>
  );
}
