import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { auditStats, type YieldRow } from '../../../src-shared/audit/analytics.js';
import { auditToCsv } from '../../../src-shared/audit/export.js';
import { AuditLog } from '../../audit/audit-log.js';
import { certificateVerifier } from '../../audit/station-signer.js';
import { CaStore } from '../../pki/ca-store.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { createProgress } from '../progress.js';
import { resolveDataDir } from '../../platform/station-files.js';
import { openCliStorage } from './profile.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { systemClock } from '../../platform/node-ports.js';

interface AuditOpts { json?: boolean; dataDir?: string; databaseUrl?: string }
const common = (cmd: Command): Command =>
  cmd
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'station data directory (default $BOOTBENCH_DATA_DIR or ~/.local/share/bootbench)')
    .option('--database-url <url>', 'PostgreSQL connection string for fleet storage (default $BOOTBENCH_DATABASE_URL)');

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const yieldLines = (title: string, rows: readonly YieldRow[]): string[] => [title, ...rows.map((r) => `  ${r.key.padEnd(24)} ${pct(r.yield).padStart(6)}  (${r.firstPass}/${r.units})`)];

/** `bootbench audit verify|export|stats`: the tamper-evident audit log. */
export function registerAudit(program: Command, io: CliIO, run: CommandRunner): void {
  const audit = program
    .command('audit')
    .description('the hash-chained audit log: verify, export (CSV/JSON), line analytics')
    .addHelpText('after', ['', 'Every provisioning step is an entry chained by SHA-256; checkpoints signed by the station CA', 'vouch for the chain (see docs/audit.md).', '', 'Examples:', '  bootbench audit verify', '  bootbench audit export --csv --out shift.csv', '  bootbench audit stats --json'].join('\n'));

  common(audit.command('verify').description('walk the chain and check every checkpoint signature against the station CA(s)'))
    .option('--expect <index:hash>', 'an entry index and hash kept elsewhere (e.g. from an earlier export) that the log must still contain')
    .addHelpText('after', '\nExit code 0 when intact; 1 when tampered (the first bad index and the reason are printed).\n\nExamples:\n  bootbench audit verify\n  bootbench audit verify --json --data-dir /srv/bootbench\n  bootbench audit verify --expect 1999:3f5a…e1')
    .action(async (opts: AuditOpts & { expect?: string }) =>
      run(Boolean(opts.json), async () => {
        const m = opts.expect === undefined ? undefined : /^(\d+):([0-9a-f]{64})$/.exec(opts.expect);
        if (m === null) throw new ProvisioningError('INVALID_REQUEST', '--expect takes <index>:<64 hex digits of the entry hash>');
        const expected = m === undefined ? undefined : { index: Number(m[1]), hash: m[2]! };
        const anchors = await (await CaStore.open(resolveDataDir(opts.dataDir))).trustAnchors();
        const storage = await openCliStorage(opts);
        const bar = createProgress(io, opts.json === true, 'audit verify');
        try {
          bar.update(0, undefined, 'walking the hash chain, checking checkpoint signatures');
          const verdict = await new AuditLog({ store: storage.audit, clock: systemClock, station: 'cli' })
            .verify(certificateVerifier(anchors.map((a) => a.der)), 5_000, expected)
            .finally(() => bar.clear());
          if (opts.json) writeJson(io, verdict);
          else if (verdict.ok) io.stdout.write(`Audit log intact: ${verdict.entries} entries, ${verdict.checkpoints} signed checkpoint(s), ${verdict.unsealedTail} entr${verdict.unsealedTail === 1 ? 'y' : 'ies'} after the last checkpoint\n`);
          else io.stdout.write(`AUDIT LOG TAMPERED at entry ${verdict.firstBadIndex}: ${verdict.reason} (${verdict.detail})\n`);
          return verdict.ok ? EXIT.ok : EXIT.deviceFailure;
        } finally {
          await storage.close();
        }
      }),
    );

  common(audit.command('export').description('export entries as CSV or JSON'))
    .option('--csv', 'CSV (RFC 4180, one row per entry; nested values as JSON)')
    .option('--out <file>', 'write to this file (default stdout)')
    .option('--from <index>', 'first entry index', '0')
    .addHelpText('after', '\nWith --json the output is one JSON array of {entry, hash}.\n\nExamples:\n  bootbench audit export --csv --out audit.csv\n  bootbench audit export --json --from 1000 > tail.json')
    .action(async (opts: AuditOpts & { csv?: boolean; out?: string; from: string }) =>
      run(Boolean(opts.json), async () => {
        if (Boolean(opts.csv) === Boolean(opts.json)) throw new ProvisioningError('INVALID_REQUEST', 'Give exactly one of --csv or --json');
        const from = Number(opts.from);
        if (!Number.isInteger(from) || from < 0) throw new ProvisioningError('INVALID_REQUEST', `--from must be a whole number (got ${opts.from})`);
        const storage = await openCliStorage(opts);
        try {
          const records = await storage.audit.list({ from });
          const text = opts.csv ? auditToCsv(records) : `${JSON.stringify(records)}\n`;
          if (opts.out === undefined) io.stdout.write(text);
          else {
            await writeFile(opts.out, text);
            if (!opts.json) io.stdout.write(`Wrote ${records.length} entries to ${opts.out}\n`);
          }
          return EXIT.ok;
        } finally {
          await storage.close();
        }
      }),
    );

  common(audit.command('stats').description('units/hour, first-pass yield per profile, model and station, failure Pareto'))
    .addHelpText('after', '\nCounts `run.finish` entries; a unit is identified by its device ids.\n\nExamples:\n  bootbench audit stats\n  bootbench audit stats --json')
    .action(async (opts: AuditOpts) =>
      run(Boolean(opts.json), async () => {
        const storage = await openCliStorage(opts);
        try {
          const stats = auditStats((await storage.audit.list()).map((r) => r.entry));
          if (opts.json) writeJson(io, stats);
          else {
            const lines = [
              `${stats.finishedRuns} finished run(s), ${stats.passedUnits} unit(s) passed, ${stats.unitsPerHour.toFixed(1)} units/hour`,
              ...yieldLines('First-pass yield by profile version:', stats.yieldByProfile),
              ...yieldLines('By model:', stats.yieldByModel),
              ...yieldLines('By station:', stats.yieldByStation),
              'Failure Pareto:',
              ...stats.failurePareto.map((p) => `  ${p.error.padEnd(24)} ${String(p.count).padStart(5)}  cumulative ${pct(p.cumulative)}`),
            ];
            io.stdout.write(`${lines.join('\n')}\n`);
          }
          return EXIT.ok;
        } finally {
          await storage.close();
        }
      }),
    );
}
