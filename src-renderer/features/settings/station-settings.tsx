import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';

type Settings = Output<'settings.get'>;

/** Concurrency, auto-run and storage (SQLite here, or a PostgreSQL server for a fleet). */
export function StationSettings() {
  const bridge = useBridge();
  const load = useAction();
  const save = useAction();
  const ids = useId();
  const [saved, setSaved] = useState<Settings | undefined>(undefined);
  const [concurrency, setConcurrency] = useState('4');
  const [autoRun, setAutoRun] = useState(false);
  const [kind, setKind] = useState<'sqlite' | 'postgres'>('sqlite');
  const [url, setUrl] = useState('');
  const [announcement, setAnnouncement] = useState('');

  const show = (s: Settings) => {
    setSaved(s);
    setConcurrency(String(s.concurrency));
    setAutoRun(s.autoRun);
    setKind(s.storage.kind);
    setUrl(s.storage.kind === 'postgres' ? s.storage.connectionString : '');
  };
  const { run } = load;
  useEffect(() => {
    void run(async () => show(await bridge.call('settings.get', undefined)));
  }, [bridge, run]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const storage = kind === 'sqlite' ? { kind } : { kind, connectionString: url.trim() };
    const result = await save.run(() => bridge.call('settings.set', { concurrency: Number(concurrency), autoRun, storage }));
    if (result !== undefined) {
      show(result);
      setAnnouncement('Settings saved. A storage change applies at the next start.');
    }
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Station</h3>
      {load.error !== undefined && <ErrorNotice error={load.error} onDismiss={load.clearError} />}
      {saved === undefined ? (
        <p className="muted">Reading the settings…</p>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} aria-label="Station settings">
          <label>
            <span>Devices provisioned at once</span>
            <input type="number" min={1} max={64} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} required />
          </label>
          <label className="check">
            <input type="checkbox" checked={autoRun} onChange={(e) => setAutoRun(e.target.checked)} />
            <span>Start the selected profile when a device is identified</span>
          </label>
          <fieldset>
            <legend>Storage for runs and the audit log</legend>
            <label className="check">
              <input type="radio" name={`${ids}-storage`} checked={kind === 'sqlite'} onChange={() => setKind('sqlite')} />
              <span>SQLite in the station data directory</span>
            </label>
            <label className="check">
              <input type="radio" name={`${ids}-storage`} checked={kind === 'postgres'} onChange={() => setKind('postgres')} />
              <span>PostgreSQL server (shared by a fleet)</span>
            </label>
            {kind === 'postgres' && (
              <>
                <label>
                  <span>Connection string</span>
                  <input type="text" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="postgres://bootbench@db.local:5432/bootbench" aria-describedby={`${ids}-pw`} spellCheck={false} />
                </label>
                <p id={`${ids}-pw`} className="muted">
                  Leave the password out: put it in $PGPASSWORD or ~/.pgpass on the station.
                </p>
              </>
            )}
          </fieldset>
          <button type="submit" disabled={save.busy}>
            Save settings
          </button>
        </form>
      )}
      {save.error !== undefined && <ErrorNotice error={save.error} onDismiss={save.clearError} />}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
