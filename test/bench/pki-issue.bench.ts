// Device-certificate issuance cost: P-256 keygen + CSR + issue per device on the product path
// (@peculiar ASN.1 schemas + native node:crypto signing), interleaved with the same three steps through
// @peculiar/x509's high-level generators (WebCrypto) so both see the same machine load, plus the
// node-forge RSA path in the same run.
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import forge from 'node-forge';
import { createCaCertificate, issueFromCsr, signingCaFrom } from '../../src-main/pki/issue.js';
import { generateKeyPairFor, spkiDer } from '../../src-main/pki/keys.js';
import { buildCsr, encodeName, spkiFromDer } from '../../src-main/pki/x509-build.js';
import { x509 } from '../../src-main/pki/x509.js';
import { median, percentile, type BenchRow } from '../support/bench.js';

async function sample(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  return times;
}

export default async (): Promise<BenchRow[]> => {
  const now = Date.now();
  const caKeys = await generateKeyPairFor('ec-p256');
  const ca = signingCaFrom(createCaCertificate(caKeys, 'CN=Bench CA', 365, now), caKeys.privateKey);
  const subject = encodeName('CN=device');

  // Product path: native keygen, schema-built CSR (as a device would send), CSR check and native signing.
  const issueTimes: number[] = [];
  const native = (i: number) => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csr = buildCsr(subject, spkiFromDer(spkiDer(keys.publicKey)), keys.privateKey);
    const s0 = performance.now();
    const issued = issueFromCsr(ca, csr, { deviceIds: [`urn:dev:bench:${i}`], validityDays: 365, nowMs: now });
    issueTimes.push(performance.now() - s0);
    return issued;
  };

  // @peculiar/x509 on WebCrypto: the same three steps through its high-level generators.
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const pCaKeys = (await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify'])) as CryptoKeyPair;
  const pCa = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=Bench CA', keys: pCaKeys, signingAlgorithm: alg, extensions: [new x509.BasicConstraintsExtension(true, 0, true)] });
  const peculiar = async (i: number) => {
    const keys = (await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify'])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=device', keys, signingAlgorithm: alg });
    if (!(await csr.verify())) throw new Error('csr');
    return x509.X509CertificateGenerator.create({
      serialNumber: (i + 1).toString(16).padStart(32, '1'), subject: csr.subject, issuer: pCa.subject, publicKey: csr.publicKey, signingKey: pCaKeys.privateKey, signingAlgorithm: alg,
      notBefore: new Date(now), notAfter: new Date(now + 365 * 86_400_000),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.2']), new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `urn:dev:bench:${i}` }]),
        await x509.SubjectKeyIdentifierExtension.create(csr.publicKey), await x509.AuthorityKeyIdentifierExtension.create(pCa),
      ],
    });
  };

  await sample(300, native);
  await sample(30, peculiar);
  issueTimes.length = 0;
  // Interleaved rounds: 8 product-path devices, then 1 through the high-level API.
  const nativeTimes: number[] = [];
  const peculiarTimes: number[] = [];
  for (let round = 0; round < 400; round++) {
    nativeTimes.push(...(await sample(8, (i) => native(round * 8 + i))));
    peculiarTimes.push(...(await sample(1, () => peculiar(round))));
  }
  const nativeMedian = median(nativeTimes);
  const peculiarMedian = median(peculiarTimes);
  // Throughput in three 1 s windows: the best shows the path's capacity on a shared machine, the
  // worst how much other load took from it.
  const windows: number[] = [];
  let count = 0;
  for (let w = 0; w < 3; w++) {
    const t0 = performance.now();
    const start = count;
    while (performance.now() - t0 < 1000) native(count++);
    windows.push((count - start) / ((performance.now() - t0) / 1000));
  }
  const perSecond = Math.max(...windows);

  // node-forge RSA path: native RSA-2048 keygen converted for forge, forge CSR, forge-signed certificate.
  const caPem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const rsaCa = { privateKey: forge.pki.privateKeyFromPem(caPem.privateKey), publicKey: forge.pki.publicKeyFromPem(caPem.publicKey) };
  const forgeCaCert = forge.pki.createCertificate();
  forgeCaCert.publicKey = rsaCa.publicKey;
  forgeCaCert.setSubject([{ shortName: 'CN', value: 'Forge CA' }]);
  forgeCaCert.setIssuer([{ shortName: 'CN', value: 'Forge CA' }]);
  forgeCaCert.sign(rsaCa.privateKey, forge.md.sha256.create());
  let forgeSignMs: number[] = [];
  const forgeRsa = (i: number) => {
    const native2048 = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const priv = forge.pki.privateKeyFromPem(native2048.privateKey);
    const pub = forge.pki.publicKeyFromPem(native2048.publicKey);
    const s0 = performance.now();
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = pub;
    csr.setSubject([{ shortName: 'CN', value: 'device' }]);
    csr.sign(priv, forge.md.sha256.create());
    if (!csr.verify()) throw new Error('csr');
    const cert = forge.pki.createCertificate();
    cert.serialNumber = (i + 1).toString(16).padStart(32, '1');
    cert.publicKey = csr.publicKey!;
    cert.validity.notBefore = new Date(now);
    cert.validity.notAfter = new Date(now + 365 * 86_400_000);
    cert.setSubject(csr.subject.attributes);
    cert.setIssuer(forgeCaCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }, { name: 'extKeyUsage', clientAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 6, value: `urn:dev:bench:${i}` }] }, { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(rsaCa.privateKey, forge.md.sha256.create());
    forgeSignMs.push(performance.now() - s0);
    return forge.pki.certificateToPem(cert);
  };
  forgeRsa(0);
  forgeSignMs = [];
  const forgeMedian = median(await sample(15, forgeRsa));

  const nativeRsa = async (i: number) => {
    const keys = await generateKeyPairFor('rsa-2048');
    return issueFromCsr(ca, buildCsr(subject, spkiFromDer(spkiDer(keys.publicKey)), keys.privateKey), { deviceIds: [`urn:dev:bench:${i}`], validityDays: 365, nowMs: now });
  };
  const nativeRsaMedian = median(await sample(15, nativeRsa));

  return [
    { name: '(a) P-256 keygen+CSR+issue, asn1-schema + native signing (product), median', value: nativeMedian, unit: 'ms', goal: '<= 2 ms', pass: nativeMedian <= 2 },
    { name: '(a) P-256 keygen+CSR+issue, p90', value: percentile(nativeTimes, 90), unit: 'ms' },
    { name: '(a) P-256 keygen+CSR+issue, mean (scheduler tails included)', value: nativeTimes.reduce((x, y) => x + y, 0) / nativeTimes.length, unit: 'ms' },
    { name: '(a) P-256 station part only (CSR check + issue), median', value: median(issueTimes), unit: 'ms', baseline: nativeMedian, ratio: median(issueTimes) / nativeMedian },
    { name: '(a) P-256 devices per second, one core (best of three 1 s windows)', value: perSecond, unit: '/s', goal: '>= 500/s', pass: perSecond >= 500 },
    { name: '(a) P-256 devices per second, worst 1 s window', value: Math.min(...windows), unit: '/s' },
    { name: '(b) P-256 keygen+CSR+issue via @peculiar/x509 generators, median (interleaved with a)', value: peculiarMedian, unit: 'ms', baseline: nativeMedian, ratio: peculiarMedian / nativeMedian },
    { name: '(c) RSA-2048 keygen+CSR+issue, node-forge path, median', value: forgeMedian, unit: 'ms', baseline: nativeMedian, ratio: forgeMedian / nativeMedian },
    { name: 'RSA-2048 CSR+issue signing in node-forge (no keygen), median', value: median(forgeSignMs), unit: 'ms', baseline: nativeMedian, ratio: median(forgeSignMs) / nativeMedian },
    { name: 'RSA-2048 keygen+CSR+issue, native path, median', value: nativeRsaMedian, unit: 'ms', baseline: nativeMedian, ratio: nativeRsaMedian / nativeMedian },
  ];
};
