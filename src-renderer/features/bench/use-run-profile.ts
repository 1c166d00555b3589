import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';

/** The saved choice of profile version for station runs (null: the demo description). */
export type RunProfileRef = NonNullable<Output<'settings.get'>['runProfile']>;

/** A library version runs may use, with its profile name. */
export interface RunProfileVersion {
  readonly name: string;
  readonly version: Output<'profiles.versions'>[number];
}

/** State of {@link useRunProfile}. */
export interface RunProfileState {
  /** The saved choice; undefined while loading or when the station does not answer. */
  readonly current: RunProfileRef | null | undefined;
  /** The chosen version's record (its label and approval), when the library has it. */
  readonly active: RunProfileVersion | undefined;
  /** Every approved version of the library (what may be chosen), newest first per profile. */
  readonly approved: readonly RunProfileVersion[];
  /** Saves a new choice (null: back to the demo description); rejects with the station's typed error. */
  choose(ref: RunProfileRef | null): Promise<void>;
}

/**
 * The profile version station runs use (settings `runProfile`, docs/runs.md "Runs from the profile
 * library"), with the library's approved versions to choose from. With `withChoices` false only the
 * setting and the chosen version are read.
 */
export function useRunProfile(withChoices = true): RunProfileState {
  const bridge = useBridge();
  const [current, setCurrent] = useState<RunProfileRef | null | undefined>(undefined);
  const [active, setActive] = useState<RunProfileVersion | undefined>(undefined);
  const [approved, setApproved] = useState<readonly RunProfileVersion[]>([]);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const ref = (await bridge.call('settings.get', undefined)).runProfile ?? null;
        if (!live) return;
        setCurrent(ref);
        const names = new Set<string>(ref === null ? [] : [ref.name]);
        if (withChoices) for (const p of await bridge.call('profiles.list', undefined)) if (p.approvedVersions > 0) names.add(p.name);
        const all: RunProfileVersion[] = [];
        for (const name of [...names].sort()) for (const version of await bridge.call('profiles.versions', { name })) all.push({ name, version });
        if (!live) return;
        setActive(ref === null ? undefined : all.find((v) => v.name === ref.name && v.version.hash === ref.version));
        setApproved(all.filter((v) => v.version.approval?.valid === true));
      } catch {
        // A station without the setting or a library: nothing to show beyond what was read.
      }
    })();
    return () => {
      live = false;
    };
  }, [bridge, withChoices, generation]);

  const choose = useCallback(
    async (ref: RunProfileRef | null) => {
      const saved = await bridge.call('settings.set', { runProfile: ref });
      setCurrent(saved.runProfile ?? null);
      setGeneration((g) => g + 1);
    },
    [bridge],
  );

  return { current, active, approved, choose };
}
