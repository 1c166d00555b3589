/**
 * Validation of a leaf value typed by the user against its DDF format (digest §5.1, §12): the
 * same rules inline in the editor and at the station before a preview.
 */
import { parseLeafText } from '../protocol/dm/tree/values.js';
import type { NodeFormat } from '../protocol/dm/tree/types.js';

/** DM `int` is a 32-bit signed integer. */
export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;

/** Longest `chr` value accepted from the editor. */
export const MAX_CHR_LENGTH = 4096;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/**
 * Why `text` is not a valid value of `format`, or undefined when it is. Messages name the rule,
 * never the value (a secret may be typed here).
 */
export function valueProblem(format: NodeFormat, text: string): string | undefined {
  switch (format) {
    case 'node':
      return 'an interior node has no value';
    case 'int': {
      const v = parseLeafText('int', text);
      if (v === undefined) return 'must be a whole number';
      return (v.value as number) < INT_MIN || (v.value as number) > INT_MAX ? `must be between ${INT_MIN} and ${INT_MAX}` : undefined;
    }
    case 'float':
      return parseLeafText('float', text) === undefined ? 'must be a decimal number (e.g. 0.5 or 1e-3)' : undefined;
    case 'bool':
      return text === 'true' || text === 'false' ? undefined : 'must be true or false';
    case 'bin':
      return parseLeafText('bin', text) === undefined ? 'must be base64 (RFC 4648, padded)' : undefined;
    case 'date':
      return validDate(text) ? undefined : 'must be a date YYYY-MM-DD';
    case 'time':
      return TIME.test(text) ? undefined : 'must be a time hh:mm:ss (optional fraction and zone, e.g. 08:30:00Z)';
    case 'null':
      return text === '' ? undefined : 'a null node has no value';
    case 'chr':
      if (text.length > MAX_CHR_LENGTH) return `must be at most ${MAX_CHR_LENGTH} characters`;
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? 'must not contain control characters' : undefined;
    case 'b64':
    case 'xml':
      return undefined;
    default:
      return undefined;
  }
}
