import { readFile } from 'node:fs/promises';
import { validateXML } from 'xmllint-wasm';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { DdfIssue } from '../../src-shared/protocol/ddf/model.js';
import { ddfSchemaPath } from './asset-paths.js';

/** One document to check against the DDF XML Schema. */
export interface XsdInput {
  /** Name used in messages (usually the path the user gave). */
  readonly fileName: string;
  readonly contents: string;
}

/** Verdict of the XSD engine for one document. */
export interface XsdVerdict {
  readonly fileName: string;
  readonly valid: boolean;
  readonly issues: readonly DdfIssue[];
}

/** Options for {@link validateWithXsd}. */
export interface XsdOptions {
  /** Schema file; defaults to `assets/schema/ddf.xsd`. */
  readonly schemaPath?: string;
  /** Characters per engine call before a new batch starts. @default 8 Mi */
  readonly maxBatchChars?: number;
}

/** Wasm memory ceiling for one engine call, in 64 KiB pages (256 MiB). */
const MAX_MEMORY_PAGES = 4096;
/** Documents per engine call are grouped up to this many characters (one oversized file goes alone). */
const MAX_BATCH_CHARS = 8 * 1024 * 1024;

/**
 * Validates documents against the DDF XML Schema with a real XSD engine (libxml2 compiled to
 * WebAssembly, `xmllint-wasm`).
 *
 * Documents go through as few engine calls as memory allows (~60 ms fixed cost per call; batches
 * of up to 8 Mi characters), under neutral in-memory names so user paths never reach xmllint's
 * argument list; `--nonet` keeps libxml2 off the network (the DOCTYPE's DTD URL is never
 * fetched). Results come back in input order.
 */
export async function validateWithXsd(inputs: readonly XsdInput[], options: XsdOptions = {}): Promise<XsdVerdict[]> {
  if (inputs.length === 0) return [];
  const schema = await readFile(options.schemaPath ?? ddfSchemaPath(), 'utf8');
  const verdicts: XsdVerdict[] = [];
  for (const batch of batches(inputs, options.maxBatchChars ?? MAX_BATCH_CHARS)) verdicts.push(...(await validateBatch(batch, schema)));
  return verdicts;
}

function batches(inputs: readonly XsdInput[], maxChars: number): XsdInput[][] {
  const out: XsdInput[][] = [];
  let current: XsdInput[] = [];
  let size = 0;
  for (const input of inputs) {
    if (current.length > 0 && size + input.contents.length > maxChars) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(input);
    size += input.contents.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function validateBatch(inputs: readonly XsdInput[], schema: string): Promise<XsdVerdict[]> {
  const internal = inputs.map((input, i) => ({ fileName: `doc${i}.xml`, contents: input.contents }));
  let raw: string;
  try {
    const result = await validateXML({
      xml: internal,
      schema: [{ fileName: 'ddf.xsd', contents: schema }],
      maxMemoryPages: MAX_MEMORY_PAGES,
      modifyArguments: (args) => ['--nonet', ...args],
    });
    raw = result.rawOutput;
  } catch (error) {
    throw new ProvisioningError('INTERNAL', 'The XSD engine failed', { cause: error });
  }
  return inputs.map((input, i) => verdictOf(input.fileName, `doc${i}.xml`, raw));
}

/** Reads xmllint's report for one internal file name. */
function verdictOf(fileName: string, internalName: string, raw: string): XsdVerdict {
  const issues: DdfIssue[] = [];
  let validates = false;
  const prefix = `${internalName}:`;
  for (const line of raw.split('\n')) {
    if (line === `${internalName} validates`) validates = true;
    else if (line.startsWith(prefix)) {
      const m = /^(\d+): (.*)$/.exec(line.slice(prefix.length));
      if (m !== null) issues.push({ line: Number(m[1]), message: tidy(m[2] ?? '') });
    }
  }
  if (!validates && issues.length === 0) issues.push({ message: 'the XSD engine did not accept this document' });
  return { fileName, valid: validates && issues.length === 0, issues: validates ? [] : issues };
}

function tidy(message: string): string {
  return message
    .replace(/^(element \S+: )?Schemas validity error : /, 'XSD: ')
    .replace(/^parser error : /, 'not well-formed: ')
    .trim();
}
