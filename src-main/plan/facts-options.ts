/** Device facts given on a command line (`--imei`, `--model`, `--usb vid:pid`, `--atr hex`, …), checked. */
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { PlanDeviceFacts } from '../../src-shared/plan/plan-types.js';
import { fromHex } from '../../src-shared/util/bytes.js';

/** The raw option values. */
export interface FactsOptions {
  readonly imei?: string;
  readonly imsi?: string;
  readonly iccid?: string;
  readonly model?: string;
  readonly usb?: string;
  readonly atr?: string;
}

const bad = (message: string): ProvisioningError => new ProvisioningError('INVALID_REQUEST', message);

/** Validates and converts command-line facts; a typed INVALID_REQUEST names the bad option. */
export function deviceFactsFromOptions(o: FactsOptions): PlanDeviceFacts {
  if (o.imei !== undefined && !/^\d{15}$/.test(o.imei)) throw bad('--imei must be 15 digits');
  if (o.imsi !== undefined && !/^\d{6,15}$/.test(o.imsi)) throw bad('--imsi must be 6 to 15 digits');
  if (o.iccid !== undefined && !/^[0-9]{18,19}[0-9Ff]?$/.test(o.iccid)) throw bad('--iccid must be 18 to 20 digits');
  if (o.model !== undefined && (o.model.length === 0 || o.model.length > 256)) throw bad('--model must be 1 to 256 characters');
  const usb = o.usb === undefined ? undefined : /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(o.usb);
  if (usb === null) throw bad('--usb must be VID:PID in hex, e.g. 1d6b:0104');
  const atr = o.atr === undefined ? undefined : fromHex(o.atr.replace(/[\s:]/g, ''));
  if (o.atr !== undefined && (atr === undefined || atr.length < 2 || atr.length > 33)) throw bad('--atr must be 2 to 33 hex bytes');
  return {
    ...(o.imei === undefined ? {} : { imei: o.imei }),
    ...(o.imsi === undefined ? {} : { imsi: o.imsi }),
    ...(o.iccid === undefined ? {} : { iccid: o.iccid }),
    ...(o.model === undefined ? {} : { model: o.model }),
    ...(usb === undefined ? {} : { usb: { vid: usb[1]!.toLowerCase(), pid: usb[2]!.toLowerCase() } }),
    ...(atr === undefined ? {} : { atr }),
  };
}
