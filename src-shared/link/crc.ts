import CRC32 from 'crc-32';

/**
 * CRC-32 (IEEE 802.3, reflected, init and xor-out 0xFFFFFFFF) of `bytes`, as an unsigned number.
 *
 * The check value of ASCII "123456789" is 0xCBF43926.
 */
export function crc32(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0;
}
