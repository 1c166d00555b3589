import { useEffect, useState } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';

/** How long typing must pause before the text is validated. */
export const VALIDATE_DELAY_MS = 300;

/** The latest validation of `text` (debounced) and whether one is under way. */
export function useValidation(text: string, delayMs = VALIDATE_DELAY_MS): { readonly result: Output<'profiles.validate'> | undefined; readonly pending: boolean } {
  const bridge = useBridge();
  const [result, setResult] = useState<{ text: string; value: Output<'profiles.validate'> } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      bridge.call('profiles.validate', { text }).then(
        (value) => live && setResult({ text, value }),
        () => undefined, // the station is unreachable: the connection indicator says so; keep the last result
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, text, delayMs]);
  return { result: result?.value, pending: result?.text !== text };
}
