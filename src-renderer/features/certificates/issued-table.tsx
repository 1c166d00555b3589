import type { IssuedRecord } from '../../../src-shared/pki/registry-record.js';
import { describeKey } from '../../../src-shared/pki/summary.js';

/** The IMEI in a registry device id (`356938035643809`, `IMEI:…`, `urn:imei:…`), if it is one. */
export function imeiOf(deviceId: string): string | undefined {
  const m = /^(?:IMEI:|urn:imei:)?(\d{15})$/i.exec(deviceId);
  return m?.[1];
}

/** The issued-certificate registry as a table, newest first; `onPush` offers a new push to a handset's IMEI. */
export function IssuedTable({ records, onPush }: { readonly records: readonly IssuedRecord[] | undefined; readonly onPush?: (imei: string) => void }) {
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
          {onPush !== undefined && <th scope="col">Actions</th>}
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
            {onPush !== undefined && (
              <td>
                {imeiOf(r.deviceId) !== undefined && (
                  <button type="button" className="button-secondary" onClick={() => onPush(imeiOf(r.deviceId)!)} aria-label={`Push a new certificate to ${r.deviceId}`}>
                    Push to device
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
