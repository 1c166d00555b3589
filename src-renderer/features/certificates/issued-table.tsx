import type { IssuedRecord } from '../../../src-shared/pki/registry-record.js';
import { describeKey } from '../../../src-shared/pki/summary.js';

/** The issued-certificate registry as a table, newest first. */
export function IssuedTable({ records }: { readonly records: readonly IssuedRecord[] | undefined }) {
  if (records === undefined) {
    return (
      <p className="muted" aria-busy="true">
        Reading the issued certificates…
      </p>
    );
  }
  if (records.length === 0) return <p className="muted">No certificates issued yet.</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">Issued certificates</caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Serial</th>
          <th scope="col">Key</th>
          <th scope="col">Source</th>
          <th scope="col">Issued</th>
          <th scope="col">Expires</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={r.serialHex}>
            <th scope="row" className="mono">
              {r.deviceId}
            </th>
            <td className="mono" title={r.serialHex}>
              {r.serialHex.slice(0, 16)}…
            </td>
            <td>{describeKey(r.key)}</td>
            <td>{r.keySource === 'device-csr' ? 'Device key (CSR)' : 'Station-generated key'}</td>
            <td>
              <time dateTime={r.issuedAt}>{r.issuedAt.slice(0, 10)}</time>
            </td>
            <td>
              <time dateTime={r.notAfter}>{r.notAfter.slice(0, 10)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
