import { MASK, SECRET_LEAF_NAMES } from '../plan/tree-diff.js';

export { MASK };

/**
 * Names whose values are secrets wherever they appear (JSON members, HTTP headers, AT parameters):
 * the MO leaf names of the plan's diff plus anything that reads like a credential.
 */
const SECRET_NAME = /secret|passw|passphrase|^pin$|^puk$|psk|privatekey|private_key|token|^authorization$|^cookie$|credential|^key$|apikey|^adm$/i;

/** Is a member, header or parameter with this name a secret? */
export function isSecretName(name: string): boolean {
  return SECRET_LEAF_NAMES.has(name) || SECRET_NAME.test(name);
}

/** A copy of a JSON value with every secret-named member replaced by {@link MASK} (any depth). */
export function maskJson(value: unknown, depth = 0): unknown {
  if (depth > 64) return MASK;
  if (Array.isArray(value)) return value.map((v) => maskJson(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? MASK : maskJson(v, depth + 1);
  return out;
}

/**
 * Masks JSON text when it parses (secret members), else returns undefined so the caller keeps
 * nothing of a body it cannot read.
 */
export function maskJsonText(text: string): string | undefined {
  try {
    return JSON.stringify(maskJson(JSON.parse(text) as unknown), null, 1);
  } catch {
    return undefined;
  }
}

/** Header lines for a trace detail: values of credential headers masked. */
export function maskHeaders(headers: readonly (readonly [string, string])[]): string[] {
  return headers.map(([name, value]) => `${name}: ${isSecretName(name) || /auth/i.test(name) ? MASK : value}`);
}

/**
 * An AT line with its secret parameters masked: `AT+CPIN="1234"` → `AT+CPIN=•••`, likewise
 * `+CPWD`, `+CLCK` (passwords), `+CPIN2`, and any `+BB…KEY`/`…SECRET` extension command.
 */
export function maskAtLine(line: string): string {
  const m = /^(AT\s*\+?\s*)([A-Z0-9]+)(\s*=\s*)(.*)$/i.exec(line.trim());
  if (m === null) return line;
  const name = m[2]!.toUpperCase();
  if (['CPIN', 'CPIN2', 'CPWD', 'CLCK', 'CPUK'].includes(name) || /KEY|SECRET|PSK|PASS/.test(name)) {
    if (name === 'CLCK') {
      // AT+CLCK=<fac>,<mode>[,<passwd>…]: keep facility and mode, mask the rest.
      const parts = m[4]!.split(',');
      return `${m[1]}${m[2]}${m[3]}${[...parts.slice(0, 2), ...parts.slice(2).map(() => MASK)].join(',')}`;
    }
    return `${m[1]}${m[2]}${m[3]}${MASK}`;
  }
  return line;
}
