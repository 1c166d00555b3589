import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** How the Bench is shown: big pass/fail tiles for the line, or the detailed table for engineers. */
export type BenchMode = 'operator' | 'engineer';

const STORAGE_KEY = 'bootbench.mode';

function readMode(): BenchMode {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'operator' ? 'operator' : 'engineer';
  } catch {
    return 'engineer';
  }
}

interface ModeState {
  readonly mode: BenchMode;
  setMode(mode: BenchMode): void;
}

const ModeContext = createContext<ModeState>({ mode: 'engineer', setMode: () => undefined });

/** Holds the operator/engineer mode, remembered in localStorage (`bootbench.mode`). */
export function ModeProvider({ children }: { readonly children: ReactNode }) {
  const [mode, setModeState] = useState<BenchMode>(readMode);
  const setMode = useCallback((next: BenchMode) => {
    setModeState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
  }, []);
  const value = useMemo(() => ({ mode, setMode }), [mode, setMode]);
  return <ModeContext.Provider value={value}>{children}</ModeContext.Provider>;
}

/** The current mode and its setter. */
export function useMode(): ModeState {
  return useContext(ModeContext);
}

const LABELS: Readonly<Record<BenchMode, string>> = { operator: 'Operator', engineer: 'Engineer' };

/** Two toggle buttons (a labelled group) switching between operator and engineer mode. */
export function ModeSwitch() {
  const { mode, setMode } = useMode();
  return (
    <div className="mode-switch" role="group" aria-label="Mode">
      {(['operator', 'engineer'] as const).map((m) => (
        <button key={m} type="button" className={m === mode ? 'mode-on' : 'button-secondary'} aria-pressed={m === mode} onClick={() => setMode(m)}>
          {LABELS[m]}
        </button>
      ))}
    </div>
  );
}
