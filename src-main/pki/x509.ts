// reflect-metadata must run before @peculiar/x509 is evaluated (its ASN.1 schema decorators need it).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * The @peculiar/x509 namespace, bound to Node's native WebCrypto.
 *
 * Import x509 only from here so the metadata polyfill and the crypto provider are always set first.
 * The station reads and summarises certificates and CSRs with it (summarize.ts); issuance builds with
 * the same ASN.1 schemas directly and signs natively (x509-build.ts), which keeps the hot path fast.
 */
export { x509 };

/** Node's WebCrypto (native OpenSSL). */
export const subtle = webcrypto.subtle;
