import type { AuditEntry } from '../../../src-shared/audit/audit-entry.js';

const RESULT_NAMES = { ok: 'Passed', fail: 'Failed', info: 'Info' } as const;

/** Audit entries as a table, newest first. */
export function EntriesTable({ entries }: { readonly entries: readonly AuditEntry[] }) {
  return (
    <table className="data-table">
      <caption className="visually-hidden">Audit entries</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time</th>
          <th scope="col">Step</th>
          <th scope="col">Result</th>
          <th scope="col">Slot</th>
          <th scope="col">Device</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.index}>
            <th scope="row" className="mono">
              {e.index}
            </th>
            <td>
              <time dateTime={e.time}>{e.time.replace('T', ' ').slice(0, 19)}</time>
            </td>
            <td className="mono">{e.step}</td>
            <td>
              <span className="badge" data-result={e.result}>
                {RESULT_NAMES[e.result]}
              </span>
            </td>
            <td>{e.slot ?? '—'}</td>
            <td className="mono">{Object.values(e.deviceIds).join(', ') || '—'}</td>
            <td className="mono">{e.error ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
