import { redactCommand } from '../card/apdu-trace.js';
import { swHex } from '../card/apdu.js';
import { describeStatusWord } from '../card/status-words.js';
import { fromHex, toHex } from '../util/bytes.js';
import type { TraceDraft } from './trace-draft.js';

const INS_NAMES: Readonly<Record<number, string>> = {
  0xa4: 'SELECT', 0xb0: 'READ BINARY', 0xd6: 'UPDATE BINARY', 0xb2: 'READ RECORD', 0xdc: 'UPDATE RECORD',
  0xc0: 'GET RESPONSE', 0x20: 'VERIFY', 0x24: 'CHANGE REFERENCE DATA', 0x2c: 'RESET RETRY COUNTER',
  0x84: 'GET CHALLENGE', 0x88: 'INTERNAL AUTHENTICATE', 0xf2: 'STATUS', 0xca: 'GET DATA', 0x70: 'MANAGE CHANNEL',
};

/**
 * Trace drafts of one APDU exchange: the command (PIN/ADM/PUK data of VERIFY, CHANGE REFERENCE
 * DATA and RESET RETRY COUNTER masked with the card module's own redaction) and the response
 * with its status word decoded.
 */
export function apduDrafts(command: Uint8Array, response: Uint8Array | undefined): TraceDraft[] {
  const ins = command[1] ?? -1;
  const name = INS_NAMES[ins] ?? `INS ${ins.toString(16).padStart(2, '0')}`;
  const redacted = redactCommand(command);
  const masked = redacted.includes('*');
  const head = `${name} ${toHex(command.subarray(0, Math.min(4, command.length)))}${command.length > 5 ? ` Lc ${command[4]}` : ''}`;
  const drafts: TraceDraft[] = [
    {
      layer: 'apdu',
      direction: 'out',
      summary: `${head}${masked ? ' data •••' : ''}`,
      detail: `> ${redacted.replace(/\*+/g, (m) => '•'.repeat(Math.min(m.length / 2, 8)))}`,
      ...(masked ? { bytes: fromHex(redacted.slice(0, 10)) ?? new Uint8Array() } : { bytes: command }),
      length: command.length,
    },
  ];
  if (response !== undefined) {
    const sw = response.length >= 2 ? (response[response.length - 2]! << 8) | response[response.length - 1]! : -1;
    const message = sw < 0 ? 'no status word' : describeStatusWord(sw).message;
    const body = response.length - 2;
    drafts.push({
      layer: 'apdu',
      direction: 'in',
      summary: `${sw < 0 ? '??' : swHex(sw)} ${message}${body > 0 ? ` (${body} bytes)` : ''}`,
      detail: `< ${toHex(response)}\n${name}: ${message}`,
      bytes: response,
      length: response.length,
    });
  }
  return drafts;
}
