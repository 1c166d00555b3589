import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/index.js';

/** Where a CLI command writes; injected so tests capture output without spawning. */
export interface CliIO {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** True when stdout is a terminal (progress bars, colours). */
  readonly isTty: boolean;
}

/** Process exit codes, meaningful to line controllers. */
export const EXIT = {
  ok: 0,
  /** The device (or card, or server) said no, or failed. */
  deviceFailure: 1,
  /** Bad input: usage, arguments, malformed files. */
  badInput: 2,
  /** Something needed is absent: device, reader, file. */
  notFound: 3,
  /** Bug or unexpected environment failure. */
  internal: 70,
} as const;

/** Exit code for an error code. */
export function exitCodeOf(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_REQUEST':
    case 'UNKNOWN_COMMAND':
    case 'CERT_INVALID':
    case 'FORBIDDEN_SENDER':
      return EXIT.badInput;
    case 'DEVICE_NOT_FOUND':
    case 'NOT_FOUND':
    case 'CARD_ABSENT':
      return EXIT.notFound;
    case 'INTERNAL':
      return EXIT.internal;
    default:
      return EXIT.deviceFailure;
  }
}

/** Writes one JSON document (one line) to stdout. */
export function writeJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Reports an error as text or JSON and returns the exit code to use. */
export function reportError(io: CliIO, error: unknown, json: boolean): number {
  const e = error instanceof ProvisioningError ? error : new ProvisioningError('INTERNAL', error instanceof Error ? error.message : 'Internal error');
  if (json) writeJson(io, { ok: false, error: e.toSerialized() });
  else io.stderr.write(`bootbench: ${e.code}: ${e.message}\n`);
  return exitCodeOf(e.code);
}

/** Runs a command body, turning thrown errors into reported errors and an exit code. */
export type CommandRunner = (json: boolean, body: () => Promise<number>) => Promise<void>;

/** Registers one command group on the program (each `commands/*.ts` module exports one). */
export type CommandRegistrar = (program: Command, io: CliIO, run: CommandRunner) => void;
