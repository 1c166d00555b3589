import { useState } from 'react';
import { useConnectionStatus } from '../bridge/bridge-context.js';
import { ConnectionIndicator } from './connection-indicator.js';
import { ViewErrorBoundary } from './error-boundary.js';
import { RefusedNotice } from './refused-notice.js';
import { ThemePicker } from './theme-picker.js';
import { VIEWS } from './views.js';

/** The app shell: header, navigation and the current view. */
export function App() {
  const [viewId, setViewId] = useState(VIEWS[0]?.id ?? 'bench');
  const status = useConnectionStatus();
  const view = VIEWS.find((v) => v.id === viewId) ?? VIEWS[0];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <h1 className="brand">Bootbench</h1>
        <ConnectionIndicator />
        <ThemePicker />
      </header>
      <nav className="sidebar" aria-label="Views">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.id}>
              <button type="button" className="nav-item" aria-current={v.id === viewId ? 'page' : undefined} onClick={() => setViewId(v.id)}>
                {v.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {status.kind === 'refused' ? <RefusedNotice error={status.error} /> : <ViewErrorBoundary key={view?.id}>{view?.render()}</ViewErrorBoundary>}
      </main>
    </div>
  );
}
