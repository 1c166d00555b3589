import { imeiFromBody, luhnCheckDigit } from '../../src-shared/domain/imei.js';

/** Who a simulated handset says it is (AT identity commands and the link HELLO). */
export interface SimIdentity {
  readonly manufacturer: string;
  readonly model: string;
  readonly firmware: string;
  /** 15 digits, valid Luhn check digit. */
  readonly imei: string;
  /** 15 digits: MCC 001, MNC 01 (the 3GPP test network), then the MSIN. */
  readonly imsi: string;
  /** 19 digits: `89` (telecom), country 01, issuer, serial, Luhn check digit. */
  readonly iccid: string;
}

function digits(seed: number, salt: number, count: number): string {
  // A small deterministic mixer (not a CSPRNG: identities only need to differ between seeds).
  let x = (seed * 2_654_435_761 + salt * 40_503) >>> 0;
  let out = '';
  while (out.length < count) {
    x = (Math.imul(x ^ (x >>> 15), 2_246_822_519) + 3_266_489_917) >>> 0;
    out += String(x % 10);
  }
  return out;
}

/**
 * A realistic identity derived from `seed` (same seed, same handset): a Bootbench TAC `35693803`
 * with a 6-digit serial and its Luhn digit, an IMSI on the test PLMN 001-01 and an ICCID.
 */
export function simIdentity(seed: number, overrides: { readonly imei?: string } = {}): SimIdentity {
  const iccidBody = `890101${digits(seed, 3, 12)}`;
  return {
    manufacturer: 'Bootbench',
    model: 'SimPhone 2',
    firmware: 'BBSIM-1.0.0',
    imei: overrides.imei ?? imeiFromBody(`35693803${digits(seed, 1, 6)}`),
    imsi: `00101${digits(seed, 2, 10)}`,
    iccid: `${iccidBody}${luhnCheckDigit(iccidBody)}`,
  };
}
