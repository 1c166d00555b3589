import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { openSerialChannel } from '../../../src-main/transports/serial-channel.js';
import { translateSerialError } from '../../../src-main/transports/serial-errors.js';

describe('serial errors', () => {
  it('opening a missing port is DEVICE_NOT_FOUND', async () => {
    const error = await openSerialChannel({ path: '/nonexistent/bootbench-tty' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect(error).toMatchObject({ code: 'DEVICE_NOT_FOUND', details: { errno: 'ENOENT' } });
  });

  it.each([
    [{ code: 'EACCES' }, 'DEVICE_BUSY'],
    [{ code: 'EBUSY' }, 'DEVICE_BUSY'],
    [{ code: 'ENOENT' }, 'DEVICE_NOT_FOUND'],
    [{ code: 'EIO' }, 'DEVICE_DISCONNECTED'],
    [new Error('Error: Permission denied, cannot open /dev/ttyS0'), 'DEVICE_BUSY'],
    [new Error('Error Resource temporarily unavailable Cannot lock port'), 'DEVICE_BUSY'],
    [new Error('Canceled'), 'CANCELLED'],
    [new Error('weird'), 'INTERNAL'],
  ])('translates %o to %s', (error, code) => {
    const translated = translateSerialError(error, '/dev/x');
    expect(translated.code).toBe(code);
    expect(translated.cause).toBe(error);
    expect(translated.details).toMatchObject({ path: '/dev/x' });
  });
});
