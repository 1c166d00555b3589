import { describe, expect, it } from 'vitest';
import { translatePcscError } from '../../../src-main/card/pcsc-errors.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';

describe('PC/SC error translation', () => {
  it('maps the addon messages to error codes users can act on', () => {
    expect(translatePcscError(new Error('Card was removed'), 'R1')).toMatchObject({ code: 'CARD_ABSENT', message: 'R1: the card was removed', details: { pcsc: 'Card was removed' } });
    expect(translatePcscError(new Error('Sharing violation'), 'R1').code).toBe('DEVICE_BUSY');
    expect(translatePcscError(new Error('PC/SC service not running'), 'PC/SC').message).toBe('PC/SC: the PC/SC service (pcscd) is not running');
    expect(translatePcscError(new Error('Operation timed out'), 'R1').code).toBe('TRANSPORT_TIMEOUT');
    expect(translatePcscError(new Error('Reader unavailable'), 'R1').code).toBe('DEVICE_DISCONNECTED');
  });

  it('keeps ProvisioningErrors and wraps unknown failures as INTERNAL with the cause', () => {
    const own = new ProvisioningError('CANCELLED', 'x');
    expect(translatePcscError(own, 'R1')).toBe(own);
    const odd = new Error('Something new');
    const translated = translatePcscError(odd, 'R1');
    expect(translated).toMatchObject({ code: 'INTERNAL', cause: odd });
    expect(translatePcscError('string failure', 'R1').message).toContain('string failure');
  });
});
