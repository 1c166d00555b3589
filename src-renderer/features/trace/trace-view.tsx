import { TracePanel } from './trace-panel.js';

/** The station-wide live trace (every device line); the Device view shows one device's. */
export function TraceView() {
  return (
    <section className="view" aria-labelledby="trace-view-title">
      <div className="view-header">
        <h2 id="trace-view-title">Trace</h2>
      </div>
      <TracePanel />
    </section>
  );
}
