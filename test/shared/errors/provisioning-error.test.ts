import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode, ProvisioningError, toSerializedError } from '../../../src-shared/errors/index.js';

describe('ProvisioningError', () => {
  it('round-trips through its serialized form and structured clone', () => {
    const e = new ProvisioningError('CARD_ABSENT', 'Insert the card', { retryable: true, details: { reader: 'Virtual PCD 00 00' } });
    const back = ProvisioningError.fromSerialized(structuredClone(e.toSerialized()));
    expect(back).toBeInstanceOf(ProvisioningError);
    expect(back.toSerialized()).toEqual(e.toSerialized());
  });

  it('hides the text of unexpected errors', () => {
    expect(toSerializedError(new Error('/etc/shadow'))).toEqual({ code: 'INTERNAL', message: 'Internal error', retryable: false });
    expect(toSerializedError('str')).toMatchObject({ code: 'INTERNAL' });
  });

  it('recognises exactly the closed code set', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  it('keeps the cause chain', () => {
    const cause = new Error('EACCES');
    expect(new ProvisioningError('DEVICE_BUSY', 'busy', { cause }).cause).toBe(cause);
  });
});
