import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/provisioning-error.js';

const BY_ERRNO: Readonly<Record<string, ErrorCode>> = {
  ENOENT: 'DEVICE_NOT_FOUND',
  ENODEV: 'DEVICE_NOT_FOUND',
  ENXIO: 'DEVICE_NOT_FOUND',
  EACCES: 'DEVICE_BUSY',
  EPERM: 'DEVICE_BUSY',
  EBUSY: 'DEVICE_BUSY',
  EAGAIN: 'DEVICE_BUSY',
  EIO: 'DEVICE_DISCONNECTED',
  EPIPE: 'DEVICE_DISCONNECTED',
  EBADF: 'DEVICE_DISCONNECTED',
};

const BY_TEXT: readonly (readonly [RegExp, ErrorCode, string])[] = [
  [/no such file|ENOENT/i, 'DEVICE_NOT_FOUND', 'ENOENT'],
  [/permission denied|EACCES/i, 'DEVICE_BUSY', 'EACCES'],
  [/resource busy|cannot lock|EBUSY|temporarily unavailable/i, 'DEVICE_BUSY', 'EBUSY'],
  [/canceled|cancelled/i, 'CANCELLED', 'ECANCELED'],
  [/input\/output error|EIO|disconnected|port is not open/i, 'DEVICE_DISCONNECTED', 'EIO'],
];

/**
 * Translates an OS or serialport error into a ProvisioningError at the transport edge.
 *
 * serialport's bindings put the errno only in the message text (`Error: No such file or
 * directory, cannot open /dev/x`), so both `code` and the text are consulted. The original error
 * stays in `cause`; `details.errno` carries the symbolic errno for the diagnostics view.
 */
export function translateSerialError(error: unknown, path: string): ProvisioningError {
  if (error instanceof ProvisioningError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const byCode = code === undefined ? undefined : BY_ERRNO[code];
  const byText = BY_TEXT.find(([re]) => re.test(message));
  const mapped: ErrorCode = byCode ?? byText?.[1] ?? 'INTERNAL';
  const errno = code ?? byText?.[2] ?? 'unknown';
  const human: Record<string, string> = {
    DEVICE_NOT_FOUND: 'Serial port not found',
    DEVICE_BUSY: 'Serial port is busy or not permitted',
    DEVICE_DISCONNECTED: 'Serial port disconnected',
    CANCELLED: 'Serial operation cancelled',
  };
  return new ProvisioningError(mapped, human[mapped] ?? 'Serial port failed', {
    cause: error,
    retryable: mapped === 'DEVICE_BUSY' || mapped === 'DEVICE_DISCONNECTED',
    details: { path, errno },
  });
}
