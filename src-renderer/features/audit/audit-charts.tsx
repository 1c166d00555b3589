import type { Output } from '../../../src-shared/ipc/contract.js';
import { BarChart, type Bar } from './bar-chart.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Line analytics: units/hour, first-pass yield by profile and model, and the failure Pareto. */
export function AuditCharts({ stats }: { readonly stats: Output<'audit.stats'> }) {
  const yieldBars = (rows: Output<'audit.stats'>['yieldByProfile']): Bar[] => rows.map((r) => ({ label: r.key, value: r.yield, text: `${pct(r.yield)} (${r.firstPass}/${r.units})` }));
  const maxFailures = Math.max(0, ...stats.failurePareto.map((p) => p.count));
  return (
    <div className="charts">
      <dl className="figures">
        <div>
          <dt>Units per hour</dt>
          <dd>{stats.unitsPerHour.toFixed(1)}</dd>
        </div>
        <div>
          <dt>Finished runs</dt>
          <dd>{stats.finishedRuns}</dd>
        </div>
        <div>
          <dt>Units passed</dt>
          <dd>{stats.passedUnits}</dd>
        </div>
      </dl>
      <BarChart
        title="Units passed per hour (UTC)"
        bars={stats.unitsByHour.map((h) => ({ label: `${h.hour.slice(5, 10)} ${h.hour.slice(11)}:00`, value: h.units, text: `${h.units} unit(s)` }))}
        max={Math.max(0, ...stats.unitsByHour.map((h) => h.units))}
        emptyText="No passed units yet."
      />
      <BarChart title="First-pass yield by profile version" bars={yieldBars(stats.yieldByProfile)} max={1} emptyText="No finished runs yet." />
      <BarChart title="First-pass yield by model" bars={yieldBars(stats.yieldByModel)} max={1} emptyText="No finished runs yet." />
      <BarChart
        title="Failure Pareto"
        bars={stats.failurePareto.map((p) => ({ label: p.error, value: p.count, text: `${p.count} (cumulative ${pct(p.cumulative)})` }))}
        max={maxFailures}
        emptyText="No failures recorded."
      />
    </div>
  );
}
