import { useCallback, useState } from 'react';
import { ProvisioningError } from '../../src-shared/errors/index.js';

/** State and runner of one user action: busy flag and the last error (as a catalog code). */
export interface ActionState {
  readonly busy: boolean;
  readonly error: ProvisioningError | undefined;
  /** Runs `action`, keeping `busy` set meanwhile; resolves with its value, or undefined after an error. */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
}

/** Converts anything thrown into a {@link ProvisioningError} so the catalog can explain it. */
export function asProvisioningError(error: unknown): ProvisioningError {
  return error instanceof ProvisioningError ? error : new ProvisioningError('INTERNAL', 'Unexpected error in the view');
}

/** A hook for one button or form: runs a bridge call and keeps its error for an {@link ErrorNotice}. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      const pe = asProvisioningError(e);
      if (pe.code !== 'CANCELLED') setError(pe);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
