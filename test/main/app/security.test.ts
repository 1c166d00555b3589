import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron.js')).createFakeElectron().module);

const { CONTENT_SECURITY_POLICY, isAllowedExternalUrl } = await import('../../../src-main/app/security.js');

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe('content security policy', () => {
  it('allows only the app itself: no inline script, eval, plugins, framing or base/form hijack', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*|https?:/);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each(['https://bootbench.invalid/', 'https://bootbench.invalid/docs/errors#DEVICE_BUSY'])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://bootbench.invalid/',
    'https://bootbench.invalid.evil.invalid/',
    'https://user:pw@bootbench.invalid/',
    'https://bootbench.invalid:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://bootbench.invalid/share',
    'app://bootbench/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
