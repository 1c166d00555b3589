import { useConnectionStatus } from '../bridge/bridge-context.js';
import type { ConnectionStatus } from '../bridge/connection-status.js';
import { assertNever } from '../../src-shared/util/assert-never.js';

/** Short text for a connection status. */
export function statusText(status: ConnectionStatus): string {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'disconnected':
      return 'Reconnecting…';
    case 'refused':
      return 'Not connected';
    default:
      return assertNever(status);
  }
}

/** The station connection status in the header, announced politely when it changes. */
export function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    <p className="connection" data-state={status.kind} role="status" aria-live="polite">
      <span className="connection-dot" aria-hidden="true" />
      <span>Station: {statusText(status)}</span>
    </p>
  );
}
