import { open, readFile } from 'node:fs/promises';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { IssuedRecord } from '../../src-shared/pki/registry-record.js';

/**
 * Every certificate the station CA signed, append-only.
 *
 * Implementations must make `append` durable before resolving (the certificate is handed out only
 * after its record is on disk). A SQLite implementation can replace the JSON-lines one behind this.
 */
export interface IssuedRegistry {
  append(record: IssuedRecord): Promise<void>;
  list(): Promise<IssuedRecord[]>;
}

/** JSON-lines registry: one record per line, appended with O_APPEND and fsync. */
export class JsonLinesIssuedRegistry implements IssuedRegistry {
  constructor(readonly path: string) {}

  async append(record: IssuedRecord): Promise<void> {
    const line = `${JSON.stringify(IssuedRecord.parse(record))}\n`;
    const handle = await open(this.path, 'a', 0o600);
    try {
      await handle.appendFile(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Reads all records. A torn last line (a crash mid-append) is ignored; a corrupt line elsewhere is
   * an error, because silently dropping history would hide issued certificates.
   */
  async list(): Promise<IssuedRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n');
    const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines.slice(0, -1);
    return complete.map((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      const result = IssuedRecord.safeParse(parsed);
      if (!result.success) throw new ProvisioningError('INVALID_REQUEST', `Issued-certificate registry ${this.path} is corrupt at line ${i + 1}`);
      return result.data;
    });
  }
}
