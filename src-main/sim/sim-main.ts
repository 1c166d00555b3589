/**
 * Entry of the `bootbench-sim` executable (built to out/main/sim.mjs): the handset simulator as
 * its own process, one per simulated device.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, reportError, type CliIO } from '../cli/io.js';
import { defineSimCommand } from './sim-cli.js';

/** Runs the simulator with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr, isTty: process.stdout.isTTY === true }): Promise<number> {
  let exit: number = EXIT.ok;
  const program = new Command('bootbench-sim').exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  defineSimCommand(program, io, async (json, body) => {
    try {
      exit = await body();
    } catch (error) {
      exit = reportError(io, error, json);
    }
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    return reportError(io, error, true);
  }
  return exit;
}

const isEntry = typeof process.argv[1] === 'string' && /[\\/]sim\.mjs$/.test(process.argv[1]);
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
