/**
 * Luhn check digit of a digit string (ISO/IEC 7812-1, as used by IMEI and ICCID).
 *
 * The digit string is everything except the check digit.
 */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError('luhnCheckDigit expects decimal digits');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when a full number (including its last check digit) passes the Luhn check. */
export function isLuhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === Number(number.slice(-1));
}

/** Builds a 15-digit IMEI from a 14-digit body (TAC + serial) by appending the Luhn digit. */
export function imeiFromBody(body14: string): string {
  if (!/^\d{14}$/.test(body14)) throw new RangeError('IMEI body must be 14 digits');
  return `${body14}${luhnCheckDigit(body14)}`;
}
