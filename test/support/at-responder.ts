import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { ascii, CommandReader, HEALTHY_MODEM, scriptedReply } from '../shared/at/scripted-modem.js';

/** Options of {@link answerAt}. */
export interface AtResponderOptions {
  /** Command (without `AT`, upper case) → answer incl. final result; `''` is the bare `AT`. */
  readonly answers?: Readonly<Record<string, string>>;
  readonly echo?: boolean;
}

/** A healthy modem's answers plus `OK` to the bare `AT` ping. */
export const RESPONSIVE_MODEM: Readonly<Record<string, string>> = { '': 'OK', ...HEALTHY_MODEM };

/**
 * Makes the far end of a real channel (one side of a socat pty pair) answer AT commands from a
 * table, like a modem: each `\r`-terminated line gets its scripted reply. Returns the stop function.
 */
export function answerAt(channel: ByteChannel, options: AtResponderOptions = {}): () => void {
  const reader = new CommandReader();
  const answers = options.answers ?? RESPONSIVE_MODEM;
  return channel.onData((chunk) => {
    for (const line of reader.push(chunk)) {
      // A line that is not a command (binary noise before it) gets ERROR, as a real modem answers.
      const command = /^AT/i.test(line) ? line : `X${line}`;
      void channel.write(ascii(scriptedReply(command, { answers, echo: options.echo === true }))).catch(() => undefined);
    }
  });
}
