import { Command, CommanderError } from 'commander';
import { STATION_VERSION } from '../version.js';
import { EXIT, reportError, type CliIO, type CommandRegistrar, type CommandRunner } from './io.js';
import { registerCa } from './commands/ca.js';
import { registerCard } from './commands/card.js';
import { registerCert } from './commands/cert.js';
import { registerDdf } from './commands/ddf.js';
import { registerDevices } from './commands/devices.js';
import { registerDmClient } from './commands/dm-client.js';
import { registerDmServer } from './commands/dm-server.js';
import { registerServe } from './commands/serve.js';
import { registerStart } from './commands/start.js';
import { registerUri } from './commands/uri.js';
import { registerProfile } from './commands/profile.js';
import { registerAudit } from './commands/audit.js';
import { registerBootstrap } from './commands/bootstrap.js';
import { registerSim } from './commands/sim.js';

/**
 * Every command group of the CLI, in help order. This list is the one place commands are defined;
 * help text (and later completion and docs) are derived from the program it builds.
 */
export const registrars: readonly CommandRegistrar[] = [registerDevices, registerServe, registerStart, registerDdf, registerUri, registerCa, registerCert, registerDmServer, registerDmClient, registerCard, registerProfile, registerAudit, registerBootstrap, registerSim];

/** Builds the commander program. The resolved exit code is delivered through `setExit`. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('bootbench')
    .description('Bootbench: provision OMA DM 2.0 devices and smartcards')
    .version(STATION_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  const run: CommandRunner = async (json, body) => {
    try {
      setExit(await body());
    } catch (error) {
      setExit(reportError(io, error, json));
    }
  };
  for (const register of registrars) register(program, io, run);
  return program;
}

/** Parses argv (without node and script) and runs the command; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exit: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return reportError(io, error, argv.includes('--json'));
  }
  return exit;
}
