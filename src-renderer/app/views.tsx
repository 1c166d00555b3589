import type { ReactNode } from 'react';
import { AuditView } from '../features/audit/audit-view.js';
import { BenchView } from '../features/bench/bench-view.js';
import { CertificatesView } from '../features/certificates/certificates-view.js';
import { DeviceView } from '../features/device/device-view.js';
import { ProfilesView } from '../features/profiles/profiles-view.js';
import { SettingsView } from '../features/settings/settings-view.js';
import { TraceView } from '../features/trace/trace-view.js';

/** One top-level view of the app. */
export interface ViewDefinition {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/** The views in navigation order. */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'bench', label: 'Bench', render: () => <BenchView /> },
  { id: 'device', label: 'Device', render: () => <DeviceView /> },
  { id: 'profiles', label: 'Profiles', render: () => <ProfilesView /> },
  { id: 'certificates', label: 'Certificates', render: () => <CertificatesView /> },
  { id: 'audit', label: 'Runs & audit', render: () => <AuditView /> },
  { id: 'trace', label: 'Trace', render: () => <TraceView /> },
  { id: 'settings', label: 'Settings', render: () => <SettingsView /> },
];
