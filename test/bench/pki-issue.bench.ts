// Device-certificate issuance cost: P-256 keygen + CSR + issue per device on the station's native
// path, side by side with the @peculiar/x509 path and the node-forge RSA path in the same run.
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import forge from 'node-forge';
import { createCaCertificate, issueFromCsr, signingCaFrom } from '../../src-main/pki/issue.js';
import { generateKeyPairFor, spkiDer } from '../../src-main/pki/keys.js';
import { buildCsr, encodeName } from '../../src-main/pki/x509-der.js';
import { x509 } from '../../src-main/pki/x509.js';
import { median, type BenchRow } from '../support/bench.js';

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

  // Station path: native keygen, DER-built CSR (as a device would send), native CSR check and signing.
  const native = async (i: number) => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const csr = buildCsr(subject, spkiDer(keys.publicKey), keys.privateKey);
    return issueFromCsr(ca, csr, { deviceIds: [`urn:dev:bench:${i}`], validityDays: 365, nowMs: now });
  };
  await sample(200, native);
  const nativeTimes = await sample(3000, native);
  const nativeMedian = median(nativeTimes);
  const t0 = performance.now();
  let count = 0;
  while (performance.now() - t0 < 1000) await native(count++);
  const perSecond = count / ((performance.now() - t0) / 1000);

  // @peculiar/x509 on WebCrypto: the same three steps through its ASN.1 schema layer.
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
  await sample(30, peculiar);
  const peculiarMedian = median(await sample(400, peculiar));

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
    return issueFromCsr(ca, buildCsr(subject, spkiDer(keys.publicKey), keys.privateKey), { deviceIds: [`urn:dev:bench:${i}`], validityDays: 365, nowMs: now });
  };
  const nativeRsaMedian = median(await sample(15, nativeRsa));

  return [
    { name: 'P-256 keygen+CSR+issue (native DER path), median', value: nativeMedian, unit: 'ms', goal: '<= 2 ms', pass: nativeMedian <= 2 },
    { name: 'P-256 devices per second, one core', value: perSecond, unit: '/s', goal: '>= 500/s', pass: perSecond >= 500 },
    { name: 'P-256 keygen+CSR+issue via @peculiar/x509, median', value: peculiarMedian, unit: 'ms', baseline: nativeMedian, ratio: peculiarMedian / nativeMedian },
    { name: 'RSA-2048 keygen+CSR+issue, node-forge path, median', value: forgeMedian, unit: 'ms', baseline: nativeMedian, ratio: forgeMedian / nativeMedian },
    { name: 'RSA-2048 CSR+issue signing in node-forge (no keygen), median', value: median(forgeSignMs), unit: 'ms', baseline: nativeMedian, ratio: median(forgeSignMs) / nativeMedian },
    { name: 'RSA-2048 keygen+CSR+issue, native path, median', value: nativeRsaMedian, unit: 'ms', baseline: nativeMedian, ratio: nativeRsaMedian / nativeMedian },
  ];
};
