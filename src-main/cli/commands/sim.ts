import type { Command } from 'commander';
import { defineSimCommand } from '../../sim/sim-cli.js';
import type { CliIO, CommandRunner } from '../io.js';

/** `bootbench sim`: the handset simulator (same as the `bootbench-sim` executable). */
export function registerSim(program: Command, io: CliIO, run: CommandRunner): void {
  defineSimCommand(program.command('sim'), io, run);
}
