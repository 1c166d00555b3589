import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The installer configuration, checked from electron-builder.yml and the files it names (the
// deb/NSIS/dmg targets need tools electron-builder downloads, so they are not built here; the
// offline `--linux dir` build is test/packaging/electron-builder.test.ts).

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const config = parse(read('electron-builder.yml')) as {
  linux: { extraResources: { from: string; to: string }[] };
  deb: { depends: string[]; afterInstall: string; afterRemove: string };
  nsis: Record<string, unknown>;
  mac: { entitlements: string; entitlementsInherit: string; hardenedRuntime: boolean };
  dmg: Record<string, unknown>;
  asarUnpack: string[];
};
const rulesPath = config.linux.extraResources.find((r) => r.from.endsWith('.rules'))!.from;

/** One udev rule: its match (`==`, `!=`) and assignment (`=`, `+=`, `:=`) keys. */
interface UdevRule {
  readonly match: Record<string, string>;
  readonly assign: Record<string, string>;
}

/** Parses a udev rules file strictly enough to catch typos: `KEY{attr}OP"value"`, comma-separated. */
function parseUdevRules(text: string): UdevRule[] {
  const KEYS = /^(SUBSYSTEM|SUBSYSTEMS|KERNEL|KERNELS|ACTION|DRIVER|DRIVERS|ATTR\{[\w.]+\}|ATTRS\{[\w.]+\}|ENV\{[\w.]+\}|TAG|TAGS|GROUP|MODE|OWNER|SYMLINK|RUN\{?\w*\}?)$/;
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const rule: { match: Record<string, string>; assign: Record<string, string> } = { match: {}, assign: {} };
      const pairs = line.split(/,\s*(?=[A-Z])/);
      for (const pair of pairs) {
        const m = /^([A-Z]+(?:\{[\w.]+\})?)(==|!=|\+=|:=|=)"([^"]*)"$/.exec(pair.trim());
        if (m === null) throw new Error(`not a udev key/value: ${pair} (in ${line})`);
        const [, key, op, value] = m as unknown as [string, string, string, string];
        if (!KEYS.test(key)) throw new Error(`unknown udev key ${key}`);
        if (op === '==' || op === '!=') rule.match[key] = value;
        else rule.assign[`${key}${op === '+=' ? '+' : ''}`] = value;
      }
      return rule;
    });
}

describe('the deb: udev rules and dependencies', () => {
  const rules = parseUdevRules(read(rulesPath));

  it('parses as udev rules (known keys, quoted values, match and assignment operators)', () => {
    expect(rules.length).toBeGreaterThanOrEqual(3);
    expect(() => parseUdevRules('SUBSYSTEM=="tty", GROUP=dialout')).toThrow(/not a udev key/);
  });

  it.each([
    ['serial CDC-ACM handsets and modems', { SUBSYSTEM: 'tty', KERNEL: 'ttyACM[0-9]*' }, 'dialout'],
    ['USB-serial bridges', { SUBSYSTEM: 'tty', KERNEL: 'ttyUSB[0-9]*' }, 'dialout'],
    ['USB CCID smartcard readers', { SUBSYSTEM: 'usb', 'ENV{ID_USB_INTERFACES}': '*:0b0000:*' }, 'plugdev'],
  ])('grants %s to a group (0660) and the seat user (uaccess)', (_what, match, group) => {
    const rule = rules.find((r) => Object.entries(match).every(([k, v]) => r.match[k] === v));
    expect(rule).toBeDefined();
    expect(rule!.assign).toMatchObject({ GROUP: group, MODE: '0660', 'TAG+': 'uaccess' });
  });

  it('never makes a device world-writable or runs programs', () => {
    for (const r of rules) {
      expect(r.assign['MODE'] ?? '0660').toMatch(/^0?6[0-6]0$/);
      expect(Object.keys(r.assign).some((k) => k.startsWith('RUN'))).toBe(false);
    }
  });

  it('depends on pcscd, libpcsclite1 and udev', () => {
    expect(config.deb.depends).toEqual(expect.arrayContaining(['pcscd', 'libpcsclite1', 'udev']));
  });

  it('has after-install/after-remove scripts bash accepts, which install and remove the rules and enable pcscd', () => {
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) execFileSync('bash', ['-n', join(root, script)]);
    const install = read(config.deb.afterInstall);
    expect(install).toContain('udevadm control --reload-rules');
    expect(install).toContain('pcscd.socket');
    const remove = read(config.deb.afterRemove);
    expect(remove).toContain("RULES_TARGET='/etc/udev/rules.d/99-bootbench.rules'");
    expect(remove).toContain('rm -f "$RULES_TARGET"');
  });
});

describe('Windows and macOS targets', () => {
  it('NSIS: assisted installer, per-user by default, install directory selectable', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
  });

  it('dmg: hardened runtime with exactly JIT, USB and serial entitlements (no weakening ones)', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of new Set([config.mac.entitlements, config.mac.entitlementsInherit])) {
      const keys = [...read(file).matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]).sort();
      expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.device.serial', 'com.apple.security.device.usb']);
    }
  });

  it('unpacks every native addon the station loads (serialport, usb, smartcard) from the asar', () => {
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@serialport/bindings-cpp/**', 'node_modules/smartcard/**']));
  });
});

describe('install docs', () => {
  it('README keeps the two commands at the top and links the install pages and the CLI reference', () => {
    const readme = read('README.md');
    expect(readme.indexOf('## Two commands')).toBeLessThan(readme.indexOf('## Architecture'));
    expect(readme).toContain('npm run setup && npm start');
    expect(readme).toContain('npm run setup && npm test');
    for (const link of ['docs/install-linux.md', 'docs/install-windows.md', 'docs/install-macos.md', 'docs/cli.md']) expect(readme).toContain(`(${link})`);
  });

  it.each(['linux', 'windows', 'macos'])('install-%s.md has install, a quick start with the simulator and troubleshooting', (os) => {
    const doc = read(`docs/install-${os}.md`);
    for (const heading of ['## Install', '## Quick start with the simulator', '## Troubleshooting']) expect(doc).toContain(heading);
    expect(doc).toContain('bootbench sim --port');
    expect(doc).toMatch(/Port in use|port in use/);
    expect(doc).toMatch(/smartcard readers/i);
  });

  it('the Linux page names the rules file and the groups the rules actually use', () => {
    const doc = read('docs/install-linux.md');
    expect(doc).toContain('99-bootbench.rules');
    for (const group of new Set(parseUdevRules(read(rulesPath)).map((r) => r.assign['GROUP']))) expect(doc).toContain(group!);
  });
});
