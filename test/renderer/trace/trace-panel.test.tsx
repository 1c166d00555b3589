// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceId } from '../../../src-shared/domain/device.js';
import { matchesTraceFilter, type TraceRecord } from '../../../src-shared/trace/trace-record.js';
import { BridgeProvider } from '../../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../../src-renderer/bridge/client.js';
import { TracePanel } from '../../../src-renderer/features/trace/trace-panel.js';
import { hexDump } from '../../../src-renderer/features/trace/trace-detail.js';
import { ScriptedBridge } from '../certificates/scripted-bridge.js';

const download = vi.hoisted(() => vi.fn());
vi.mock('../../../src-renderer/lib/download.js', () => ({ downloadText: download }));

const DEV = DeviceId.parse('simulated:sim-1');
let nextId = 1;
const rec = (layer: TraceRecord['layer'], direction: TraceRecord['direction'], summary: string, extra: Partial<TraceRecord> = {}): TraceRecord => ({
  id: nextId++,
  atMs: Date.UTC(2026, 10, 24, 12, 0, 0, nextId),
  deviceId: DEV,
  slot: 'sim-1',
  layer,
  direction,
  summary,
  ...extra,
});

function station(initial: TraceRecord[]) {
  const store = [...initial];
  const bridge = new ScriptedBridge({
    'trace.list': (input) => {
      const matched = store.filter((r) => r.id > (input.since ?? 0) && matchesTraceFilter(r, input));
      return { records: matched.slice(-input.limit), total: matched.length, dropped: 0 };
    },
    'trace.export': ({ format }) => ({ format, fileName: `bootbench-trace.${format === 'json' ? 'json' : 'txt'}`, mediaType: 'application/json', count: store.length, text: '{}' }),
    'trace.clear': () => ({ removed: store.splice(0).length }),
  });
  const push = (records: TraceRecord[]) => {
    store.push(...records);
    act(() => bridge.emit('trace.recorded', { records, dropped: 0 }));
  };
  render(
    <BridgeProvider client={new BridgeClient(bridge)}>
      <TracePanel deviceId={DEV} />
    </BridgeProvider>,
  );
  return { bridge, push };
}

const rows = () => within(screen.getByRole('grid', { name: 'Trace records' })).getAllByRole('row').slice(1);

afterEach(() => {
  cleanup();
  download.mockReset();
});

describe('TracePanel', () => {
  it('lists the device trace, follows live batches, and filters by layer, direction and text', async () => {
    const s = station([rec('at', 'out', 'AT+BBLINK'), rec('link', 'out', 'HELLO v1 station')]);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(s.bridge.inputsOf('trace.list')[0]).toMatchObject({ deviceId: DEV, layers: ['dm', 'link', 'apdu', 'at'] });
    s.push([rec('dm', 'in', 'POST /dm Package#1 MOS 6'), rec('link', 'in', 'DATA seq 1 ack 0 len 90 FIN'), rec('dm', 'out', 'Package#0 server x', { deviceId: DeviceId.parse('simulated:sim-2') })]);
    expect(rows()).toHaveLength(4); // the other device's record is not this panel's
    fireEvent.click(screen.getByRole('checkbox', { name: 'Link' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'AT' }));
    await waitFor(() => expect(rows().map((r) => r.textContent)).toEqual([expect.stringContaining('POST /dm Package#1 MOS 6')]));
    expect(s.bridge.inputsOf('trace.list').at(-1)).toMatchObject({ layers: ['dm', 'apdu'] });
    s.push([rec('link', 'in', 'ACK ack 2'), rec('dm', 'out', '200 to POST /dm Package#2 END')]);
    expect(rows()).toHaveLength(2);
    fireEvent.change(screen.getByRole('combobox', { name: 'Direction' }), { target: { value: 'out' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'nothing like this' } });
    expect(await screen.findByText(/Nothing traced yet/)).toBeDefined();
  });

  it('pause holds the list and counts arrivals; resume fetches what was missed', async () => {
    const first = rec('link', 'out', 'HELLO v1 station');
    const s = station([first]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    s.push([rec('link', 'in', 'HELLO_ACK v1 device'), rec('link', 'out', 'DATA seq 9 ack 1 len 40 FIN')]);
    expect(rows()).toHaveLength(1);
    expect(screen.getByTestId('trace-status').textContent).toContain('Paused: 2 new records waiting.');
    fireEvent.click(screen.getByRole('button', { name: 'Resume (2 new)' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(s.bridge.inputsOf('trace.list').at(-1)).toMatchObject({ since: first.id });
  });

  it('rows are one tab stop; arrows move the selection and the detail shows the decoded record and hex', async () => {
    station([rec('at', 'out', 'AT+CGSN', { hex: '41542b4347534e', length: 7 }), rec('dm', 'in', 'POST /dm Package#1', { detail: 'POST /dm\ncontent-type: application/vnd.oma.dm.initiation+json\n\n{"MOS": []}' })]);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => r.getAttribute('tabindex'))).toEqual(['-1', '0']);
    fireEvent.click(rows()[1]!);
    expect(screen.getByRole('heading', { name: /Record #\d+/ })).toBeDefined();
    expect(screen.getByLabelText('Decoded record').textContent).toContain('{"MOS": []}');
    fireEvent.keyDown(rows()[1]!, { key: 'ArrowUp' });
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(rows()[0]);
    expect(screen.getByLabelText('Hex dump').textContent).toBe('0000  41 54 2b 43 47 53 4e                             AT+CGSN');
    fireEvent.keyDown(rows()[0]!, { key: 'End' });
    expect(rows()[1]!.getAttribute('aria-selected')).toBe('true');
  });

  it('exports through a download and clears', async () => {
    const s = station([rec('at', 'out', 'AT')]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(download).toHaveBeenCalledWith('bootbench-trace.json', '{}', 'application/json'));
    expect(s.bridge.inputsOf('trace.export')[0]).toMatchObject({ format: 'json', deviceId: DEV });
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await screen.findByText(/Cleared 1 records/)).toBeDefined();
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('hexDump prints offsets, bytes and ASCII', () => {
    expect(hexDump('00'.repeat(17))).toBe(`0000  ${'00 '.repeat(15)}00  ................\n0010  00${' '.repeat(45)}  .`);
  });
});
