import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../../src-main/app/app-origin.js';

describe('app origin', () => {
  it('is app://bootbench and the entry page is on it', () => {
    expect(APP_ORIGIN).toBe('app://bootbench');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });

  it.each(['app://bootbench/', 'app://bootbench/index.html?x=1#devices', 'app://bootbench/assets/a.js'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://bootbench.evil/',
    'app://evil/',
    'app://user@bootbench/',
    'app://bootbench:8080/',
    'https://bootbench/',
    'file:///work/main/out/renderer/index.html',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'javascript:alert(1)',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});
