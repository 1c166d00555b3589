import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One PEM key pair with its certificate. */
export interface TestCredential {
  readonly cert: string;
  readonly key: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** The test PKI: two CAs and leaves good and bad in every way the security tests need. */
export interface TestPki {
  readonly dir: string;
  readonly ca: TestCredential;
  /** An unrelated CA: anything it signs is "wrong CA". */
  readonly otherCa: TestCredential;
  /** Server cert for 127.0.0.1 and localhost (EKU serverAuth). */
  readonly server: TestCredential;
  /** Server cert valid but for another host (wrong.invalid, 10.9.9.9). */
  readonly serverWrongHost: TestCredential;
  readonly serverExpired: TestCredential;
  /** Server cert from the other CA. */
  readonly serverWrongCa: TestCredential;
  /** Good client cert (EKU clientAuth). */
  readonly client: TestCredential;
  readonly clientExpired: TestCredential;
  readonly clientNotYetValid: TestCredential;
  readonly clientWrongCa: TestCredential;
  /** Client cert with EKU serverAuth only. */
  readonly clientWrongEku: TestCredential;
  /** Self-signed client cert. */
  readonly clientSelfSigned: TestCredential;
  /** Removes the directory. */
  dispose(): void;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function stamp(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

function read(dir: string, name: string): TestCredential {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath };
}

function genKey(dir: string, name: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
}

function makeCa(dir: string, name: string, cn: string): void {
  genKey(dir, name);
  openssl(
    ['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-days', '3', '-sha256', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${name}.pem`],
    dir,
  );
  const caDir = join(dir, `${name}.db`);
  mkdirSync(join(caDir, 'new'), { recursive: true });
  writeFileSync(join(caDir, 'index.txt'), '');
  writeFileSync(join(caDir, 'serial'), '1000\n');
  writeFileSync(
    join(caDir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = d',
      '[d]',
      `database = ${join(caDir, 'index.txt')}`,
      `new_certs_dir = ${join(caDir, 'new')}`,
      `serial = ${join(caDir, 'serial')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
}

interface LeafSpec {
  readonly name: string;
  readonly cn: string;
  readonly ca: string;
  readonly eku: string;
  readonly san?: string;
  readonly fromDays: number;
  readonly toDays: number;
}

function makeLeaf(dir: string, spec: LeafSpec): void {
  genKey(dir, spec.name);
  openssl(['req', '-new', '-key', `${spec.name}.key`, '-subj', `/CN=${spec.cn}`, '-out', `${spec.name}.csr`], dir);
  const ext = ['[v3]', 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', `extendedKeyUsage=${spec.eku}`];
  if (spec.san !== undefined) ext.push(`subjectAltName=${spec.san}`);
  writeFileSync(join(dir, `${spec.name}.ext`), `${ext.join('\n')}\n`);
  const caDir = join(dir, `${spec.ca}.db`);
  openssl(
    ['ca', '-batch', '-notext', '-config', join(caDir, 'ca.cnf'), '-cert', `${spec.ca}.pem`, '-keyfile', `${spec.ca}.key`, '-in', `${spec.name}.csr`, '-out', `${spec.name}.pem`, '-startdate', stamp(spec.fromDays), '-enddate', stamp(spec.toDays), '-extfile', `${spec.name}.ext`, '-extensions', 'v3'],
    dir,
  );
}

/**
 * Generates the test PKI with the `openssl` CLI (EC P-256, ~30 process runs) in a fresh temp dir:
 * a CA, an unrelated CA, server certs (good, wrong host, expired, wrong CA) and client certs
 * (good, expired, not yet valid, wrong CA, wrong EKU, self-signed).
 */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'bootbench-pki-'));
  makeCa(dir, 'ca', 'Bootbench Test CA');
  makeCa(dir, 'other-ca', 'Unrelated Test CA');
  const leaves: LeafSpec[] = [
    { name: 'server', cn: 'localhost', ca: 'ca', eku: 'serverAuth', san: 'DNS:localhost,IP:127.0.0.1', fromDays: -1, toDays: 2 },
    { name: 'server-wrong-host', cn: 'wrong.invalid', ca: 'ca', eku: 'serverAuth', san: 'DNS:wrong.invalid,IP:10.9.9.9', fromDays: -1, toDays: 2 },
    { name: 'server-expired', cn: 'localhost', ca: 'ca', eku: 'serverAuth', san: 'DNS:localhost,IP:127.0.0.1', fromDays: -2, toDays: -1 },
    { name: 'server-wrong-ca', cn: 'localhost', ca: 'other-ca', eku: 'serverAuth', san: 'DNS:localhost,IP:127.0.0.1', fromDays: -1, toDays: 2 },
    { name: 'client', cn: 'IMEI:356938035643809', ca: 'ca', eku: 'clientAuth', fromDays: -1, toDays: 2 },
    { name: 'client-expired', cn: 'expired-device', ca: 'ca', eku: 'clientAuth', fromDays: -2, toDays: -1 },
    { name: 'client-not-yet-valid', cn: 'future-device', ca: 'ca', eku: 'clientAuth', fromDays: 1, toDays: 2 },
    { name: 'client-wrong-ca', cn: 'foreign-device', ca: 'other-ca', eku: 'clientAuth', fromDays: -1, toDays: 2 },
    { name: 'client-wrong-eku', cn: 'server-posing-as-device', ca: 'ca', eku: 'serverAuth', fromDays: -1, toDays: 2 },
  ];
  for (const leaf of leaves) makeLeaf(dir, leaf);
  genKey(dir, 'client-self-signed');
  openssl(['req', '-x509', '-new', '-key', 'client-self-signed.key', '-subj', '/CN=self-signed-device', '-days', '2', '-addext', 'extendedKeyUsage=clientAuth', '-out', 'client-self-signed.pem'], dir);
  return {
    dir,
    ca: read(dir, 'ca'),
    otherCa: read(dir, 'other-ca'),
    server: read(dir, 'server'),
    serverWrongHost: read(dir, 'server-wrong-host'),
    serverExpired: read(dir, 'server-expired'),
    serverWrongCa: read(dir, 'server-wrong-ca'),
    client: read(dir, 'client'),
    clientExpired: read(dir, 'client-expired'),
    clientNotYetValid: read(dir, 'client-not-yet-valid'),
    clientWrongCa: read(dir, 'client-wrong-ca'),
    clientWrongEku: read(dir, 'client-wrong-eku'),
    clientSelfSigned: read(dir, 'client-self-signed'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
