import { THEME_CHOICES, useTheme, type ThemeChoice } from '../state/theme.js';

const LABELS: Readonly<Record<ThemeChoice, string>> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light/dark/system theme selector. */
export function ThemePicker() {
  const [choice, choose] = useTheme();
  return (
    <label className="theme-picker">
      <span>Theme</span>
      <select value={choice} onChange={(e) => choose(e.target.value as ThemeChoice)}>
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
