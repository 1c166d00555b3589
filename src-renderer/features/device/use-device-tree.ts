import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import { buildTreeIndex, type TreeIndex } from '../../../src-shared/tree/tree-index.js';
import type { DeviceTree } from '../../../src-shared/tree/tree-schema.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { asProvisioningError } from '../../lib/use-action.js';

/** A device's tree as last read, its index, and how to read it again. */
export interface DeviceTreeState {
  readonly tree: DeviceTree | undefined;
  readonly index: TreeIndex | undefined;
  readonly reading: boolean;
  readonly error: ProvisioningError | undefined;
  /** Reads the tree again over the device's cable. */
  reload(): void;
  /** Replaces the tree with one the station returned (e.g. read back after an apply). */
  replace(tree: DeviceTree): void;
}

/** Reads the tree of `deviceId` (one DM session over its cable) when it changes, and on demand. */
export function useDeviceTree(deviceId: DeviceId | undefined): DeviceTreeState {
  const bridge = useBridge();
  const [tree, setTree] = useState<DeviceTree | undefined>(undefined);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    setTree(undefined);
    if (deviceId === undefined) return;
    let live = true;
    setReading(true);
    setError(undefined);
    bridge.call('tree.read', { deviceId }).then(
      (t) => live && setTree(t),
      (e: unknown) => live && setError(asProvisioningError(e)),
    ).finally(() => live && setReading(false));
    return () => {
      live = false;
    };
  }, [bridge, deviceId, generation]);

  const index = useMemo(() => (tree === undefined ? undefined : buildTreeIndex(tree.rows)), [tree]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { tree, index, reading, error, reload, replace: setTree };
}
