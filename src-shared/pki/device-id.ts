import { ProvisioningError } from '../errors/provisioning-error.js';
import { isLuhnValid } from '../domain/imei.js';

/**
 * Maps a device id to the URI carried in the certificate's subjectAltName.
 *
 * - 15 digits, `IMEI:<15 digits>` or `urn:imei:<15 digits>` → `urn:imei:<digits>` (Luhn-checked;
 *   RFC 7254 defines the `urn:imei` namespace).
 * - any other URN (`urn:…`) is kept as written.
 *
 * @throws ProvisioningError `INVALID_REQUEST` for an IMEI with a wrong check digit or an id that is
 * neither an IMEI nor a URN.
 */
export function deviceIdToSanUri(deviceId: string): string {
  const id = deviceId.trim();
  const imei = /^(?:urn:imei:|imei:)?(\d{15})$/i.exec(id)?.[1];
  if (imei !== undefined) {
    if (!isLuhnValid(imei)) throw new ProvisioningError('INVALID_REQUEST', `IMEI ${imei} fails its Luhn check digit`);
    return `urn:imei:${imei}`;
  }
  if (/^urn:[a-z0-9][a-z0-9-]{0,31}:[\x21-\x7e]+$/i.test(id)) return id;
  throw new ProvisioningError('INVALID_REQUEST', `Device id "${id}" is neither a 15-digit IMEI nor a URN (e.g. urn:imei:356938035643809)`);
}
