import { createContext, useContext } from 'react';

/** Where the app is: a view and, for views about one thing (a device, a profile), which one. */
export interface Location {
  readonly viewId: string;
  /** e.g. `{ deviceId }` for the Device view. */
  readonly params: Readonly<Record<string, string>>;
}

/** Moves the app to another view (e.g. the Bench's "Inspect" opens the Device view on a device). */
export interface Navigation {
  readonly location: Location;
  go(viewId: string, params?: Readonly<Record<string, string>>): void;
}

export const NavigationContext = createContext<Navigation>({ location: { viewId: 'bench', params: {} }, go: () => undefined });

/** The app's navigation. */
export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
