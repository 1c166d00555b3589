/** A tiny scripted modem: answers AT commands from a table, like a real one on a serial line. */
export interface ScriptedModemOptions {
  /** Command text (without `AT`, upper case) → answer text including the final result, `\r\n`-separated. */
  readonly answers: Readonly<Record<string, string>>;
  readonly echo?: boolean;
  /** URC text injected before each answer's final result (tests interleaving). */
  readonly urcInside?: string;
}

/** A Luhn-valid test IMEI. */
export const TEST_IMEI = '490154203237518';

/** Answers of a healthy modem with a SIM. */
export const HEALTHY_MODEM: Readonly<Record<string, string>> = {
  '+CGMI': 'Bootbench Modems Inc.\r\n\r\nOK',
  '+CGMM': '+CGMM: BB-LTE-1\r\n\r\nOK',
  '+CGMR': 'BB1.2.3\r\n\r\nOK',
  '+CGSN': `${TEST_IMEI}\r\n\r\nOK`,
  '+CIMI': '001010123456789\r\n\r\nOK',
  '+CCID': 'ERROR',
  '+ICCID': '+CME ERROR: 4',
  '+QCCID': '+QCCID: 8988211000000000001F\r\n\r\nOK',
  '+CSIM=10,"00A4040000"': '+CSIM: 4,"6A82"\r\n\r\nOK',
};

/** Builds the response bytes a modem sends for one received command line. */
export function scriptedReply(command: string, options: ScriptedModemOptions): string {
  const key = command.replace(/^AT/i, '').toUpperCase();
  const answer = options.answers[key] ?? options.answers[command.replace(/^AT/i, '')] ?? 'ERROR';
  const echo = options.echo === true ? `${command}\r` : '';
  const parts = answer.split('\r\n');
  const final = parts.pop()!;
  const urc = options.urcInside === undefined ? '' : `\r\n${options.urcInside}\r\n`;
  return `${echo}${parts.length > 0 ? `\r\n${parts.join('\r\n')}` : ''}${urc}\r\n${final}\r\n`;
}

/** Splits received bytes into command lines (terminated by `\r`). */
export class CommandReader {
  private partial = '';
  push(bytes: Uint8Array): string[] {
    this.partial += String.fromCharCode(...bytes);
    const parts = this.partial.split('\r');
    this.partial = parts.pop()!;
    return parts.map((p) => p.replace(/^\n/, '')).filter((p) => p.length > 0);
  }
}

/** ASCII text to bytes. */
export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
