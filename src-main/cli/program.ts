import { Command, CommanderError } from 'commander';
import { STATION_VERSION } from '../version.js';
import { EXIT, reportError, type CliIO, type CommandRegistrar, type CommandRunner } from './io.js';
/** One command group: the top-level command it defines and how to load its module. */
export interface CommandGroup {
  readonly name: string;
  readonly load: () => Promise<CommandRegistrar>;
  /** The command describes the whole program (completion, reference): load every group for it. */
  readonly needsAll?: true;
}

/**
 * Every command group of the CLI, in help order. This table is the one place commands are defined;
 * help text, shell completion (`completion`) and the CLI reference (`reference`, docs/cli.md) are
 * derived from the program it builds. Modules load
 * lazily, so `bootbench devices` does not pay for the PKI or the database drivers.
 */
export const commandGroups: readonly CommandGroup[] = [
  { name: 'start', load: async () => (await import('./commands/start.js')).registerStart },
  { name: 'serve', load: async () => (await import('./commands/serve.js')).registerServe },
  { name: 'devices', load: async () => (await import('./commands/devices.js')).registerDevices },
  { name: 'bootstrap', load: async () => (await import('./commands/bootstrap.js')).registerBootstrap },
  { name: 'tree', load: async () => (await import('./commands/tree.js')).registerTree },
  { name: 'run', load: async () => (await import('./commands/run.js')).registerRun },
  { name: 'sim', load: async () => (await import('./commands/sim.js')).registerSim },
  { name: 'card', load: async () => (await import('./commands/card.js')).registerCard },
  { name: 'ca', load: async () => (await import('./commands/ca.js')).registerCa },
  { name: 'cert', load: async () => (await import('./commands/cert.js')).registerCert },
  { name: 'profile', load: async () => (await import('./commands/profile.js')).registerProfile },
  { name: 'audit', load: async () => (await import('./commands/audit.js')).registerAudit },
  { name: 'dm-server', load: async () => (await import('./commands/dm-server.js')).registerDmServer },
  { name: 'dm-client', load: async () => (await import('./commands/dm-client.js')).registerDmClient },
  { name: 'ddf', load: async () => (await import('./commands/ddf.js')).registerDdf },
  { name: 'uri', load: async () => (await import('./commands/uri.js')).registerUri },
  { name: 'completion', load: async () => (await import('./commands/completion.js')).registerCompletion, needsAll: true },
  { name: 'reference', load: async () => (await import('./commands/reference.js')).registerReference, needsAll: true },
];

/**
 * Builds the commander program. The resolved exit code is delivered through `setExit`.
 *
 * @param only load just this command group (the first word of argv); every group when it names
 *   none (help, version, an unknown command).
 */
export async function buildProgram(io: CliIO, setExit: (code: number) => void, only?: string): Promise<Command> {
  const program = new Command('bootbench')
    .description('Bootbench: provision OMA DM 2.0 devices and smartcards')
    .version(STATION_VERSION)
    .exitOverride()
    // Options after a subcommand belong to it, also when its parent has one of the same name
    // (`devices --json` and `devices watch --json`).
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError();
  const run: CommandRunner = async (json, body) => {
    try {
      setExit(await body());
    } catch (error) {
      setExit(reportError(io, error, json));
    }
  };
  const wanted = commandGroups.filter((g) => g.name === only && g.needsAll !== true);
  const versionOnly = only === '--version' || only === '-V';
  const groups = wanted.length > 0 ? wanted : versionOnly ? [] : commandGroups;
  const registrars = await Promise.all(groups.map((g) => g.load()));
  for (const register of registrars) register(program, io, run);
  return program;
}

/** Parses argv (without node and script) and runs the command; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exit: number = EXIT.ok;
  const program = await buildProgram(
    io,
    (code) => {
      exit = code;
    },
    argv[0],
  );
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
