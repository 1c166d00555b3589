import { SlotNames } from './slot-names.js';
import { StationSettings } from './station-settings.js';

/** Settings: slot names, station settings (concurrency, auto-run, storage) and where the theme is chosen. The CA lives in Certificates. */
export function SettingsView() {
  return (
    <section className="view" aria-labelledby="settings-title">
      <div className="view-header">
        <h2 id="settings-title">Settings</h2>
      </div>
      <SlotNames />
      <StationSettings />
      <section className="card" aria-labelledby="appearance-title">
        <h3 id="appearance-title">Appearance</h3>
        <p>The theme (system, light or dark) is chosen with the Theme menu in the top bar and remembered in this browser.</p>
        <p className="muted">The station CA is created and unlocked in Certificates.</p>
      </section>
    </section>
  );
}
