import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DeviceKind } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { usbIdHex } from './usb-bus.js';

const HexId = z.string().regex(/^[0-9a-f]{4}$/, 'four lower-case hex digits');

/** How discovery should identify a device of this kind. */
export const ProbeMethod = z.enum(['link', 'at', 'none']);
/** How discovery should identify a device of this kind: link HELLO first, AT first, or not at all. */
export type ProbeMethod = z.output<typeof ProbeMethod>;

/** One catalog row; without `productId` it matches every product of the vendor. */
export const DeviceKindEntry = z.strictObject({
  vendorId: HexId,
  productId: HexId.optional(),
  kind: DeviceKind,
  name: z.string().min(1).max(120),
  probe: ProbeMethod,
});
/** One catalog row; without `productId` it matches every product of the vendor. */
export type DeviceKindEntry = z.output<typeof DeviceKindEntry>;

/** The VID/PID → device-kind catalog file, `assets/usb/device-kinds.json`. */
export const DeviceKindCatalogFile = z.strictObject({ version: z.literal(1), entries: z.array(DeviceKindEntry).max(10_000) });

/**
 * Looks up what a USB device is from its VID/PID.
 *
 * An exact VID:PID row wins over a vendor-wide row; unknown devices get `undefined`.
 */
export class DeviceKindCatalog {
  readonly #exact = new Map<string, DeviceKindEntry>();
  readonly #vendor = new Map<string, DeviceKindEntry>();

  constructor(entries: readonly DeviceKindEntry[]) {
    for (const e of entries) {
      if (e.productId === undefined) this.#vendor.set(e.vendorId, e);
      else this.#exact.set(`${e.vendorId}:${e.productId}`, e);
    }
  }

  /** Parses catalog JSON (already decoded) or fails with INVALID_REQUEST naming the bad field. */
  static parse(raw: unknown, source = 'device-kind catalog'): DeviceKindCatalog {
    const parsed = DeviceKindCatalogFile.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
      throw new ProvisioningError('INVALID_REQUEST', `USB ${source} is invalid${where}`, { details: { source } });
    }
    return new DeviceKindCatalog(parsed.data.entries);
  }

  /** The catalog entry for a VID/PID (numbers as in the device descriptor). */
  lookup(vendorId: number, productId: number): DeviceKindEntry | undefined {
    const vid = usbIdHex(vendorId);
    return this.#exact.get(`${vid}:${usbIdHex(productId)}`) ?? this.#vendor.get(vid);
  }
}

/**
 * Absolute path of the bundled catalog, found by walking up from the running entry script (then
 * the working directory).
 *
 * Not `import.meta.url`: this module is also bundled into the CommonJS Electron entries, where
 * `import.meta` is empty.
 */
export function defaultDeviceKindsPath(entry: string | undefined = process.argv[1]): string {
  const probe = join('assets', 'usb', 'device-kinds.json');
  for (const start of [entry === undefined ? undefined : dirname(entry), process.cwd()]) {
    let dir = start;
    for (let i = 0; dir !== undefined && i < 8; i++) {
      if (existsSync(join(dir, probe))) return join(dir, probe);
      const parent = dirname(dir);
      dir = parent === dir ? undefined : parent;
    }
  }
  throw new ProvisioningError('NOT_FOUND', 'USB device-kind catalog not found (assets/usb/device-kinds.json)');
}

/** Reads and validates a catalog file (the bundled one by default). */
export async function loadDeviceKindCatalog(path: string = defaultDeviceKindsPath()): Promise<DeviceKindCatalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProvisioningError('NOT_FOUND', 'USB device-kind catalog not found', { cause: error, details: { path } });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProvisioningError('INVALID_REQUEST', 'USB device-kind catalog is not JSON', { cause: error, details: { path } });
  }
  return DeviceKindCatalog.parse(raw, path);
}
