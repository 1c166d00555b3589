import type { ReactNode } from 'react';
import { AuditView } from '../features/audit/audit-view.js';
import { BenchView } from '../features/bench/bench-view.js';
import { CertificatesView } from '../features/certificates/certificates-view.js';
import { SettingsView } from '../features/settings/settings-view.js';

/** One top-level view of the app. */
export interface ViewDefinition {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/**
 * The views in navigation order. Device, Profiles, Certificates, Runs and Settings join here as
 * their features land.
 */
export const VIEWS: readonly ViewDefinition[] = [
  { id: 'bench', label: 'Bench', render: () => <BenchView /> },
  { id: 'certificates', label: 'Certificates', render: () => <CertificatesView /> },
  { id: 'audit', label: 'Runs & audit', render: () => <AuditView /> },
  { id: 'settings', label: 'Settings', render: () => <SettingsView /> },
];
