import type { DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import type { SimIdentity } from './sim-identity.js';

/** What the device does after answering one command line. */
export type AtReply = { readonly text: string; readonly switchToLink: boolean };

/** The command that switches the line from AT to the Bootbench link (docs/simulator.md §3). */
export const LINK_SWITCH_COMMAND = 'AT+BBLINK';

const final = (lines: readonly string[], result = 'OK'): string => `${lines.map((l) => `\r\n${l}\r\n`).join('')}\r\n${result}\r\n`;

/**
 * The device side of the AT command set a Bootbench handset speaks (TS 27.007 identity, ICCID,
 * and the two Bootbench extensions): one command line in, the reply text out. Unknown commands
 * answer `ERROR`, like a modem.
 */
export function answerAt(line: string, identity: SimIdentity, state: DeviceBootstrapState): AtReply {
  const cmd = line.trim().toUpperCase();
  const reply = (lines: readonly string[], result?: string): AtReply => ({ text: final(lines, result), switchToLink: false });
  switch (cmd) {
    case 'AT':
    case 'ATE0':
    case 'ATE1':
    case 'ATZ':
    case 'AT+CMEE=1':
    case 'AT+CMEE=2':
      return reply([]);
    case 'AT+CGMI':
      return reply([identity.manufacturer]);
    case 'AT+CGMM':
      return reply([identity.model]);
    case 'AT+CGMR':
      return reply([identity.firmware]);
    case 'AT+CGSN':
      return reply([identity.imei]);
    case 'AT+CIMI':
      return reply([identity.imsi]);
    case 'AT+CCID':
    case 'AT+ICCID':
      return reply([`+CCID: ${identity.iccid}`]);
    case 'AT+BBSTATE?':
      return reply([`+BBSTATE: ${state}`]);
    case LINK_SWITCH_COMMAND:
      return { text: final([]), switchToLink: true };
    default:
      return reply([], 'ERROR');
  }
}

/** Splits received AT bytes into command lines (CR or LF terminated); keeps the partial tail. */
export class AtLineBuffer {
  #tail = '';
  readonly #decoder = new TextDecoder('latin1');

  /** Adds bytes; returns every complete, non-empty line. */
  push(bytes: Uint8Array): string[] {
    this.#tail += this.#decoder.decode(bytes);
    if (this.#tail.length > 4096) this.#tail = this.#tail.slice(-4096);
    const parts = this.#tail.split(/[\r\n]/);
    this.#tail = parts.pop() ?? '';
    return parts.filter((p) => p.trim().length > 0);
  }
}
