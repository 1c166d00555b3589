import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { BenchView } from '../features/bench/bench-view.js';

/** One top-level view of the app. */
export interface ViewDefinition {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/**
 * A view whose code loads when it is first opened (its own chunk), so the Bench — the view a
 * station opens on — is interactive without parsing the rest (docs/startup.md).
 */
function later(load: () => Promise<ComponentType>): () => ReactNode {
  const View = lazy(async () => ({ default: await load() }));
  return () => (
    <Suspense fallback={<p className="view-loading" role="status">Loading…</p>}>
      <View />
    </Suspense>
  );
}

/** The views in navigation order. */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'bench', label: 'Bench', render: () => <BenchView /> },
  { id: 'device', label: 'Device', render: later(async () => (await import('../features/device/device-view.js')).DeviceView) },
  { id: 'profiles', label: 'Profiles', render: later(async () => (await import('../features/profiles/profiles-view.js')).ProfilesView) },
  { id: 'certificates', label: 'Certificates', render: later(async () => (await import('../features/certificates/certificates-view.js')).CertificatesView) },
  { id: 'audit', label: 'Runs & audit', render: later(async () => (await import('../features/audit/audit-view.js')).AuditView) },
  { id: 'trace', label: 'Trace', render: later(async () => (await import('../features/trace/trace-view.js')).TraceView) },
  { id: 'settings', label: 'Settings', render: later(async () => (await import('../features/settings/settings-view.js')).SettingsView) },
];
