import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditResult } from '../../../src-shared/audit/audit-entry.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { downloadText } from '../../lib/download.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { AuditCharts } from './audit-charts.js';
import { EntriesTable } from './entries-table.js';

/** Entries per page. */
export const PAGE_SIZE = 25;

type Filter = { readonly result: AuditResult | 'all'; readonly text: string };

/** What a verification verdict says to the user. */
export function verdictText(v: Output<'audit.verify'>): string {
  return v.ok
    ? `Audit log intact: ${v.entries} entries, ${v.checkpoints} signed checkpoint(s), ${v.unsealedTail} after the last checkpoint.`
    : `Audit log TAMPERED at entry ${v.firstBadIndex}: ${v.reason} (${v.detail}).`;
}

/** Runs & audit: the history with filters and paging, verify, export and the line charts. */
export function AuditView() {
  const bridge = useBridge();
  const load = useAction();
  const verify = useAction();
  const exporting = useAction();
  const [draft, setDraft] = useState<Filter>({ result: 'all', text: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Output<'audit.entries'> | undefined>(undefined);
  const [stats, setStats] = useState<Output<'audit.stats'> | undefined>(undefined);
  const [verdict, setVerdict] = useState<Output<'audit.verify'> | undefined>(undefined);
  const [exported, setExported] = useState('');

  const { run } = load;
  const refresh = useCallback(() => {
    void run(async () => {
      const query = { offset, limit: PAGE_SIZE, ...(filter.result === 'all' ? {} : { result: filter.result }), ...(filter.text === '' ? {} : { text: filter.text }) };
      const [entries, s] = await Promise.all([bridge.call('audit.entries', query), bridge.call('audit.stats', undefined)]);
      setPage(entries);
      setStats(s);
    });
  }, [bridge, run, filter, offset]);
  useEffect(refresh, [refresh]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilter(draft);
  };

  const doExport = async (format: 'csv' | 'json') => {
    const result = await exporting.run(() => bridge.call('audit.export', { format }));
    if (result === undefined) return;
    downloadText(`bootbench-audit.${format}`, result.text, format === 'csv' ? 'text/csv' : 'application/json');
    setExported(`Exported ${result.count} entries as ${format.toUpperCase()}.`);
  };

  const total = page?.total ?? 0;
  return (
    <section className="view" aria-labelledby="audit-title">
      <div className="view-header">
        <h2 id="audit-title">Runs &amp; audit</h2>
        <div className="toolbar">
          <button type="button" onClick={() => void verify.run(async () => setVerdict(await bridge.call('audit.verify', undefined)))} disabled={verify.busy}>
            Verify log
          </button>
          <button type="button" className="button-secondary" onClick={() => void doExport('csv')} disabled={exporting.busy}>
            Export CSV
          </button>
          <button type="button" className="button-secondary" onClick={() => void doExport('json')} disabled={exporting.busy}>
            Export JSON
          </button>
        </div>
      </div>
      {[load, verify, exporting].map((a, i) => a.error !== undefined && <ErrorNotice key={i} error={a.error} onDismiss={a.clearError} />)}
      <div aria-live="polite" data-testid="audit-status">
        {verdict !== undefined && <p className={`notice ${verdict.ok ? 'notice-ok' : 'notice-error'}`}>{verdictText(verdict)}</p>}
        {exported !== '' && <p className="muted">{exported}</p>}
      </div>
      <section className="card" aria-labelledby="history-title">
        <h3 id="history-title">History</h3>
        <form className="filters" onSubmit={apply} aria-label="Filter entries">
          <label>
            <span>Result</span>
            <select value={draft.result} onChange={(e) => setDraft({ ...draft, result: e.target.value as Filter['result'] })}>
              <option value="all">All</option>
              <option value="ok">Passed</option>
              <option value="fail">Failed</option>
              <option value="info">Info</option>
            </select>
          </label>
          <label>
            <span>Search (step, slot, model, error, device id)</span>
            <input type="search" value={draft.text} maxLength={200} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
          </label>
          <button type="submit">Apply filters</button>
        </form>
        {page === undefined ? (
          <p className="muted" aria-busy="true">
            Reading the audit log…
          </p>
        ) : page.entries.length === 0 ? (
          <p className="muted">No entries match.</p>
        ) : (
          <EntriesTable entries={page.entries} />
        )}
        <nav className="pager" aria-label="Pages of entries">
          <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Newer
          </button>
          <span aria-live="polite">{total === 0 ? 'No entries' : `Entries ${offset + 1}–${Math.min(total, offset + PAGE_SIZE)} of ${total}`}</span>
          <button type="button" className="button-secondary" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Older
          </button>
        </nav>
      </section>
      <section className="card" aria-labelledby="analytics-title">
        <h3 id="analytics-title">Line analytics</h3>
        {stats === undefined ? <p className="muted">Computing…</p> : <AuditCharts stats={stats} />}
      </section>
    </section>
  );
}
