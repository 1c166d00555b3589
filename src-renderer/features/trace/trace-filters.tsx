import type { TraceDirection, TraceLayer } from '../../../src-shared/trace/trace-record.js';
import { LAYER_NAMES } from './trace-table.js';

/** What the technician filters the trace by. */
export interface TraceFilterState {
  readonly layers: readonly TraceLayer[];
  readonly direction: TraceDirection | 'both';
  readonly text: string;
}

export const ALL_LAYERS: readonly TraceLayer[] = ['dm', 'link', 'apdu', 'at'];

/** Layer check boxes, direction and text: every change applies at once. */
export function TraceFilters({ value, onChange }: { readonly value: TraceFilterState; readonly onChange: (next: TraceFilterState) => void }) {
  const toggle = (layer: TraceLayer, on: boolean) => onChange({ ...value, layers: on ? ALL_LAYERS.filter((l) => l === layer || value.layers.includes(l)) : value.layers.filter((l) => l !== layer) });
  return (
    <div className="filters trace-filters" role="group" aria-label="Filter the trace">
      <fieldset className="trace-layers">
        <legend>Layers</legend>
        {ALL_LAYERS.map((layer) => (
          <label key={layer} className="trace-check">
            <input type="checkbox" checked={value.layers.includes(layer)} onChange={(e) => toggle(layer, e.target.checked)} />
            {LAYER_NAMES[layer]}
          </label>
        ))}
      </fieldset>
      <label>
        <span>Direction</span>
        <select value={value.direction} onChange={(e) => onChange({ ...value, direction: e.target.value as TraceFilterState['direction'] })}>
          <option value="both">Both ways</option>
          <option value="out">Station → device</option>
          <option value="in">Device → station</option>
        </select>
      </label>
      <label>
        <span>Search</span>
        <input type="search" value={value.text} maxLength={200} onChange={(e) => onChange({ ...value, text: e.target.value })} />
      </label>
    </div>
  );
}
