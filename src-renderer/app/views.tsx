import type { ReactNode } from 'react';
import { BenchView } from '../features/bench/bench-view.js';

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
export const VIEWS: readonly ViewDefinition[] = [{ id: 'bench', label: 'Bench', render: () => <BenchView /> }];
