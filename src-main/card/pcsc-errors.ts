import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/index.js';

/**
 * PC/SC failures by the message the `smartcard` addon gives them (it rejects with a plain `Error`
 * whose message is its `GetPCSCErrorString` text; its typed error classes are only used by the
 * high-level API).
 */
const BY_MESSAGE: ReadonlyMap<string, readonly [ErrorCode, string]> = new Map([
  ['Card was removed', ['CARD_ABSENT', 'the card was removed']],
  ['No smart card present', ['CARD_ABSENT', 'no card in the reader']],
  ['Card is unpowered', ['CARD_ABSENT', 'the card is unpowered']],
  ['Card was reset', ['DEVICE_DISCONNECTED', 'the card was reset by another application']],
  ['Card is unresponsive', ['PROTOCOL_VIOLATION', 'the card does not answer the reset']],
  ['Card is not supported', ['PROTOCOL_VIOLATION', 'the card is not supported by the reader']],
  ['Sharing violation', ['DEVICE_BUSY', 'another application holds the card']],
  ['PC/SC service not running', ['DEVICE_NOT_FOUND', 'the PC/SC service (pcscd) is not running']],
  ['PC/SC service stopped', ['DEVICE_DISCONNECTED', 'the PC/SC service (pcscd) stopped']],
  ['No readers available', ['DEVICE_NOT_FOUND', 'no smartcard reader is attached']],
  ['Unknown reader', ['DEVICE_NOT_FOUND', 'the reader is not attached']],
  ['Reader unavailable', ['DEVICE_DISCONNECTED', 'the reader was detached']],
  ['Reader not ready', ['DEVICE_BUSY', 'the reader is not ready']],
  ['Operation timed out', ['TRANSPORT_TIMEOUT', 'the reader did not answer in time']],
  ['Operation cancelled', ['CANCELLED', 'the card operation was cancelled']],
  ['Communication error', ['DEVICE_DISCONNECTED', 'communication with the reader failed']],
  // pcsc-lite's answer when the reader driver's transmit fails mid-exchange (vpcd: the card's link dropped).
  ['Transaction failed', ['DEVICE_DISCONNECTED', 'the exchange with the card failed (card pulled or link lost)']],
  ['Protocol mismatch', ['PROTOCOL_VIOLATION', 'the card does not speak T=0 or T=1']],
]);

/**
 * Translates anything the PC/SC addon throws into a {@link ProvisioningError} at the edge.
 *
 * Unknown failures become `INTERNAL` with the original as `cause`; `context` names the reader.
 */
export function translatePcscError(error: unknown, context: string): ProvisioningError {
  if (error instanceof ProvisioningError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const known = BY_MESSAGE.get(message);
  if (known !== undefined) {
    return new ProvisioningError(known[0], `${context}: ${known[1]}`, { cause: error, details: { pcsc: message }, retryable: known[0] !== 'DEVICE_NOT_FOUND' });
  }
  return new ProvisioningError('INTERNAL', `${context}: PC/SC failure: ${message}`, { cause: error, details: { pcsc: message } });
}
