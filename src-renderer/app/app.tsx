import { useMemo, useState } from 'react';
import { useConnectionStatus } from '../bridge/bridge-context.js';
import { InteractionPrompts } from '../features/interaction/interaction-prompts.js';
import { ConnectionIndicator } from './connection-indicator.js';
import { ViewErrorBoundary } from './error-boundary.js';
import { ModeProvider, ModeSwitch } from './mode.js';
import { RefusedNotice } from './refused-notice.js';
import { ThemePicker } from './theme-picker.js';
import { NavigationContext, type Location, type Navigation } from './navigation.js';
import { VIEWS } from './views.js';

/** The app shell: header, navigation and the current view. */
export function App() {
  const [location, setLocation] = useState<Location>({ viewId: VIEWS[0]?.id ?? 'bench', params: {} });
  const navigation = useMemo<Navigation>(() => ({ location, go: (viewId, params = {}) => setLocation({ viewId, params }) }), [location]);
  const viewId = location.viewId;
  const status = useConnectionStatus();
  const view = VIEWS.find((v) => v.id === viewId) ?? VIEWS[0];
  return (
    <NavigationContext.Provider value={navigation}>
      <ModeProvider>
        <div className="shell">
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="topbar">
            <h1 className="brand">Bootbench</h1>
            <ConnectionIndicator />
            <ModeSwitch />
            <ThemePicker />
          </header>
          <nav className="sidebar" aria-label="Views">
            <ul>
              {VIEWS.map((v) => (
                <li key={v.id}>
                  <button type="button" className="nav-item" aria-current={v.id === viewId ? 'page' : undefined} onClick={() => navigation.go(v.id)}>
                    {v.label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="content" tabIndex={-1}>
            {status.kind === 'refused' ? <RefusedNotice error={status.error} /> : <ViewErrorBoundary key={view?.id}>{view?.render()}</ViewErrorBoundary>}
          </main>
          <InteractionPrompts />
        </div>
      </ModeProvider>
    </NavigationContext.Provider>
  );
}
