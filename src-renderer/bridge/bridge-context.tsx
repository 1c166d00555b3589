import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { BridgeClient } from './client.js';
import type { ConnectionStatus } from './connection-status.js';

const BridgeContext = createContext<BridgeClient | undefined>(undefined);

/** Provides the bridge client to the component tree. */
export function BridgeProvider({ client, children }: { readonly client: BridgeClient; readonly children: ReactNode }) {
  return <BridgeContext.Provider value={client}>{children}</BridgeContext.Provider>;
}

/** The bridge client of the nearest {@link BridgeProvider}. */
export function useBridge(): BridgeClient {
  const client = useContext(BridgeContext);
  if (client === undefined) throw new Error('useBridge needs a BridgeProvider');
  return client;
}

/** The live connection status. */
export function useConnectionStatus(): ConnectionStatus {
  const { status } = useBridge();
  return useSyncExternalStore(status.subscribe, status.current);
}
