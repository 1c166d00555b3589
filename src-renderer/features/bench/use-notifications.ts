import { useCallback, useState } from 'react';

/** Desktop notification permission as the Bench sees it (`unsupported`: no Notification API). */
export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported';

const api = (): typeof Notification | undefined => (typeof window !== 'undefined' && 'Notification' in window ? window.Notification : undefined);

/**
 * Desktop notifications through the Web Notification API. Permission is asked only from a user
 * gesture (`request`, called from a click); when it is denied or the API is missing, `notify` does
 * nothing (the Bench's own status and live region still tell everything).
 */
export function useNotifications(): { readonly permission: NotifyPermission; request(): Promise<void>; notify(title: string, body: string): void } {
  const [permission, setPermission] = useState<NotifyPermission>(() => api()?.permission ?? 'unsupported');
  const request = useCallback(async () => {
    const N = api();
    if (N === undefined) return;
    try {
      setPermission(await N.requestPermission());
    } catch {
      setPermission('denied');
    }
  }, []);
  const notify = useCallback((title: string, body: string) => {
    const N = api();
    if (N === undefined || N.permission !== 'granted') return;
    try {
      new N(title, { body, tag: `bootbench-${title}` });
    } catch {
      // Some browsers only allow notifications from a service worker: stay quiet.
    }
  }, []);
  return { permission, request, notify };
}
