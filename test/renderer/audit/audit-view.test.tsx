// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../src-shared/audit/audit-entry.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { AuditView, PAGE_SIZE } from '../../../src-renderer/features/audit/audit-view.js';
import { ScriptedBridge, type Script } from '../certificates/scripted-bridge.js';

const entry = (index: number, result: AuditEntry['result']): AuditEntry => ({
  index,
  time: `2026-11-24T10:${String(index % 60).padStart(2, '0')}:00.000Z`,
  prevHash: '0'.repeat(64),
  who: 'op',
  station: 'st-1',
  slot: 'Bay 1',
  profileVersion: 'p@1',
  model: 'SimPhone 2',
  deviceIds: { imei: `35693803564${String(index).padStart(4, '0')}` },
  fingerprints: [],
  step: 'run.finish',
  result,
  error: result === 'fail' ? 'TRANSPORT_TIMEOUT' : null,
  timings: { startMs: 0, durationMs: 10 },
  data: {},
});
const log = Array.from({ length: 60 }, (_, i) => entry(i, i % 4 === 0 ? 'fail' : 'ok'));
const stats: Output<'audit.stats'> = {
  finishedRuns: 60,
  passedUnits: 45,
  unitsPerHour: 42.5,
  yieldByProfile: [{ key: 'p@1', firstPass: 45, units: 60, yield: 0.75 }],
  yieldByModel: [{ key: 'SimPhone 2', firstPass: 45, units: 60, yield: 0.75 }],
  yieldByStation: [],
  failurePareto: [
    { error: 'TRANSPORT_TIMEOUT', count: 12, cumulative: 0.8 },
    { error: 'AUTH_FAILED', count: 3, cumulative: 1 },
  ],
  unitsByHour: [
    { hour: '2026-11-24T09', units: 20 },
    { hour: '2026-11-24T10', units: 25 },
  ],
};

function station(extra: Script = {}): ScriptedBridge {
  return new ScriptedBridge({
    'audit.entries': ({ offset, limit, result, text }) => {
      const all = log.filter((e) => (result === undefined || e.result === result) && (text === undefined || e.step.includes(text))).reverse();
      return { total: all.length, entries: all.slice(offset, offset + limit) };
    },
    'audit.stats': () => stats,
    'audit.verify': () => ({ ok: false, firstBadIndex: 17, reason: 'hash-mismatch', detail: 'entry 17 was edited' }),
    'audit.export': ({ format }) => ({ format, count: log.length, text: format === 'csv' ? 'index,time\n' : '[]\n' }),
    ...extra,
  });
}

const renderView = (bridge: ScriptedBridge) =>
  render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <AuditView />
    </BridgeProvider>,
  );

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('AuditView', () => {
  it('pages through the history newest first and filters by result', async () => {
    const bridge = station();
    renderView(bridge);
    expect(await screen.findByRole('rowheader', { name: '59' })).toBeDefined();
    expect(screen.getByText(`Entries 1–${PAGE_SIZE} of 60`)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Newer' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByRole('rowheader', { name: String(59 - PAGE_SIZE) })).toBeDefined();
    fireEvent.change(screen.getByLabelText('Result'), { target: { value: 'fail' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Filter entries' }));
    expect(await screen.findByText('Entries 1–15 of 15')).toBeDefined();
    expect(bridge.inputsOf('audit.entries').at(-1)).toEqual({ offset: 0, limit: PAGE_SIZE, result: 'fail' });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.every((r) => within(r).getByText('Failed') !== null)).toBe(true);
  });

  it('shows a tampered verdict with the first bad index in a live region', async () => {
    renderView(station());
    fireEvent.click(await screen.findByRole('button', { name: 'Verify log' }));
    const status = screen.getByTestId('audit-status');
    await waitFor(() => expect(status.textContent).toContain('TAMPERED at entry 17: hash-mismatch'));
    expect(status.getAttribute('aria-live')).toBe('polite');
  });

  it('exports through a Blob URL download', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      created.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    renderView(station());
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Exported 60 entries as CSV.')).toBeDefined();
    expect(clicks).toEqual(['bootbench-audit.csv']);
    expect(await created[0]?.text()).toBe('index,time\n');
  });

  it('draws the charts as labelled SVG images with the data as text', async () => {
    renderView(station());
    const pareto = await screen.findByRole('img', { name: 'Failure Pareto' });
    expect(pareto.tagName.toLowerCase()).toBe('svg');
    const described = document.getElementById(pareto.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toContain('TRANSPORT_TIMEOUT: 12 (cumulative 80.0%)');
    expect(screen.getByRole('img', { name: 'First-pass yield by model' })).toBeDefined();
    const hourly = screen.getByRole('img', { name: 'Units passed per hour (UTC)' });
    expect(document.getElementById(hourly.getAttribute('aria-describedby') ?? '')?.textContent).toContain('11-24 10:00: 25 unit(s)');
    expect(screen.getByText('42.5')).toBeDefined();
    const bars = pareto.querySelectorAll('rect');
    expect(Number(bars[0]?.getAttribute('width'))).toBeGreaterThan(Number(bars[1]?.getAttribute('width')));
  });

  it('shows a storage failure through the catalog with its action', async () => {
    renderView(
      station({
        'audit.entries': () => {
          throw new ProvisioningError('NOT_FOUND', 'Cannot reach postgres storage (the PostgreSQL server)');
        },
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach postgres storage');
    expect(alert.textContent).toContain('Refresh the view and pick it again.');
  });
});
