import { z } from 'zod';
import type { Result } from '../../../util/result.js';
import { commandToRaw, parseCommand, type DmCommand, type RejectedCommand } from './commands.js';
import { decodeTextWith, decodeWith, limitsOf, schemaCache, type PackageDecodeOptions } from './codec.js';
import type { DmLimits } from '../limits.js';

/**
 * A decoded Package#2 (server → client): one entry per command, in order. Each is a validated
 * command or a rejection the client answers with its `sc` (an unknown or malformed command does
 * not abort the session; digest §2.7).
 */
export interface Package2 {
  readonly commands: readonly Result<DmCommand, RejectedCommand>[];
}

const schema = schemaCache((limits: DmLimits) => {
  return z.object({
    CMD: z
      .array(z.array(z.string().max(limits.maxStringLength)).max(limits.maxCommandArgs + 1))
      .min(1)
      .max(limits.maxCommands),
  });
});

function fromRaw(raw: { CMD: string[][] }): Package2 {
  return { commands: raw.CMD.map(parseCommand) };
}

/** Validates a parsed Package#2; throws PROTOCOL_VIOLATION when its structure is malformed. */
export function decodePackage2(value: unknown, options: PackageDecodeOptions = {}): Package2 {
  const limits = limitsOf(options);
  return fromRaw(decodeWith(schema(limits), value, 'Package#2', limits));
}

/** Parses Package#2 text (size-limited); throws PROTOCOL_VIOLATION when malformed. */
export function parsePackage2Json(text: string, options: PackageDecodeOptions = {}): Package2 {
  const limits = limitsOf(options);
  return fromRaw(decodeTextWith(schema(limits), text, 'Package#2', limits));
}

/** Package#2 JSON text for a list of commands: `{"CMD":[[name, ...params], ...]}`. */
export function encodePackage2(commands: readonly DmCommand[]): string {
  return JSON.stringify({ CMD: commands.map(commandToRaw) });
}

/** True when the package ends the session (contains END): the client sends no Package#3. */
export function endsSession(p: Package2): boolean {
  return p.commands.some((c) => c.ok && c.value.name === 'END');
}
