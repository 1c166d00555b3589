/**
 * Splits an AT byte stream into lines.
 *
 * Any of `\r\n`, `\r`, `\n` ends a line (modems differ, and `ATS3`/`ATS4` can change them); empty
 * lines are dropped; a line may arrive across any number of chunks. Bytes are taken as Latin-1 so
 * no input can fail to decode. Lines longer than `maxLineBytes` are cut there (the rest becomes
 * the next line) so memory stays bounded on a babbling port.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly maxLineBytes = 4096) {}

  /** Text received after the last line end (e.g. the `> ` prompt of `+CMGS`). */
  get pending(): string {
    return this.partial;
  }

  /** Feeds bytes; returns the completed non-empty lines. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let current = this.partial;
    for (const b of chunk) {
      if (b === 0x0d || b === 0x0a) {
        if (current.length > 0) lines.push(current);
        current = '';
        continue;
      }
      current += String.fromCharCode(b);
      if (current.length >= this.maxLineBytes) {
        lines.push(current);
        current = '';
      }
    }
    this.partial = current;
    return lines;
  }
}
