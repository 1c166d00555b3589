import { memo } from 'react';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { messageFor } from '../../lib/error-messages.js';
import { primaryIdentity } from '../../lib/format.js';
import { ProgressBar, toneOf } from './run-progress.js';
import { etaText, stateText } from './runs-state.js';

const GLYPH = { idle: '○', active: '◔', pass: '✓', fail: '✕' } as const;
const WORD = { pass: 'PASS', fail: 'FAIL' } as const;

/** One slot as a big tile: readable from across the bench, pass/fail by word, glyph and colour. */
const Tile = memo(function Tile({ device, run }: { readonly device: DeviceSummary; readonly run: RunSlotStatus | undefined }) {
  const tone = toneOf(run);
  const name = device.slotName ?? device.slot;
  const identity = primaryIdentity(device);
  const headline = tone === 'pass' || tone === 'fail' ? WORD[tone] : stateText(run).toUpperCase();
  const error = run?.errorCode === null || run?.errorCode === undefined ? undefined : messageFor(run.errorCode).title;
  return (
    <li className="tile" data-tone={tone} data-device-id={device.id}>
      <article aria-label={`${name}: ${headline}`}>
        <h3 className="tile-slot">{name}</h3>
        <p className="tile-status">
          <span className="tile-glyph" aria-hidden="true">
            {GLYPH[tone]}
          </span>{' '}
          {headline}
        </p>
        {run !== undefined && run.endedAtMs === null && (
          <>
            <ProgressBar run={run} label={`Run progress on ${name}`} />
            <p className="tile-detail">{etaText(run.etaMs) || ' '}</p>
          </>
        )}
        {error !== undefined && <p className="tile-detail">{error}</p>}
        <p className="tile-detail tile-id">{identity === undefined ? device.label : `${identity.label} ${identity.value}`}</p>
      </article>
    </li>
  );
});

/** The operator's view: a grid of large status tiles, one per slot. */
export function OperatorTiles({ devices, runs }: { readonly devices: readonly DeviceSummary[]; readonly runs: ReadonlyMap<string, RunSlotStatus> }) {
  return (
    <ul className="tiles" aria-label="Slots">
      {devices.map((d) => (
        <Tile key={d.id} device={d} run={runs.get(d.slot)} />
      ))}
    </ul>
  );
}
