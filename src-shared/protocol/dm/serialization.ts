import { formatClientUri, tryParseClientUri, type ClientUri } from './client-uri.js';
import { RESERVED_NODE_NAMES } from './decisions.js';
import { parseJsonText, violation } from './json.js';
import { DEFAULT_LIMITS, type DmLimits } from './limits.js';
import type { ResolvedTarget } from './resolve.js';
import { allInstances } from './tree/tree.js';
import type { LeafFormat, ManagementTree, MoInstance, TreeNode } from './tree/types.js';
import { leafText, parseLeafText } from './tree/values.js';
import { MAX_NAME_LENGTH } from './tree/names.js';
import { SourcedInterior, attachSource, canonicalText, defineLazy, rawOf, sourceOf } from './lazy-source.js';
import { quoteShort } from './text.js';

/**
 * One element of the MO serialization array (digest §5.3): where the data lives (`ClientURI`),
 * the DDF link, the cache validator and the node data (`MOData`, one named node).
 */
export interface MoEntry {
  readonly clientUri: ClientUri;
  readonly ddf?: string;
  readonly cv?: string;
  /** The single key of MOData: the MO root name or the addressed node's name. */
  readonly name: string;
  readonly node: TreeNode;
}

/**
 * Tells the decoder a leaf's format (from a DDF); undefined keeps the JSON type (strings → chr).
 * `path` is relative to the instance root; `miid` is given when the entry's ClientURI names one.
 */
export type FormatHook = (moid: string, path: readonly string[], miid: string | undefined) => LeafFormat | undefined;

/** Options for the MO serialization decoders. */
export interface MoDecodeOptions {
  readonly limits?: Partial<DmLimits>;
  readonly formatOf?: FormatHook;
  /** Marks every decoded node permanent (e.g. loading a factory image). @default false */
  readonly permanent?: boolean;
}

const RESERVED = new Set(RESERVED_NODE_NAMES);

function keyProblem(key: string): string | undefined {
  if (key.length === 0 || key.length > MAX_NAME_LENGTH) return 'bad name length';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 47 || c === 63 || c === 38 || c === 35) return 'name contains / ? & or #';
  }
  if (key === '*' || (key.charCodeAt(0) === 40 && key.charCodeAt(key.length - 1) === 41)) return 'name is a wildcard or x-name';
  if (RESERVED.has(key)) return `reserved name ${JSON.stringify(key)}`;
  return undefined;
}

interface DecodeContext {
  readonly moid: string;
  readonly miid: string | undefined;
  readonly limits: DmLimits;
  readonly formatOf: FormatHook | undefined;
  readonly permanent: boolean;
  nodes: number;
  /** Cleared when the built node would not serialize back to exactly the source JSON. */
  canonical: boolean;
  /** Node names already checked (names repeat a lot in MO data). */
  readonly goodKeys: Set<string>;
  /** Record each built interior node's source (only when the whole entry is canonical). */
  readonly registerRaw: boolean;
}

/**
 * Validates one MOData value and, when `build`, builds its node. Validation without building
 * allocates nothing, so a large document can be checked up front and built lazily.
 */
function walkNode(v: unknown, depth: number, path: string[], ctx: DecodeContext, build: boolean): TreeNode | undefined {
  if (++ctx.nodes > ctx.limits.maxNodes) throw violation(`MOData has more than ${ctx.limits.maxNodes} nodes`);
  const permanent = ctx.permanent;
  switch (typeof v) {
    case 'string': {
      if (v.length > ctx.limits.maxValueLength) throw violation(`MOData value at ${path.join('/')} is too long`);
      const format = ctx.formatOf?.(ctx.moid, path, ctx.miid);
      if (format === undefined || format === 'chr') return build ? { kind: 'leaf', permanent, format: 'chr', value: v } : undefined;
      const parsed = parseLeafText(format, v);
      if (parsed === undefined) throw violation(`MOData value at ${path.join('/')} is not a valid ${format}`);
      if (ctx.canonical && leafText(parsed) !== v) ctx.canonical = false;
      return build ? ({ kind: 'leaf', permanent, ...parsed } as TreeNode) : undefined;
    }
    case 'number':
      if (!Number.isFinite(v)) throw violation('MOData number is not finite');
      ctx.canonical = false;
      if (!build) return undefined;
      return Number.isSafeInteger(v) ? { kind: 'leaf', permanent, format: 'int', value: v } : { kind: 'leaf', permanent, format: 'float', value: v };
    case 'boolean':
      ctx.canonical = false;
      return build ? { kind: 'leaf', permanent, format: 'bool', value: v } : undefined;
    case 'object': {
      if (v === null) return build ? { kind: 'leaf', permanent, format: 'null', value: null } : undefined;
      if (Array.isArray(v)) throw violation(`MOData at ${path.join('/')} is an array`);
      if (depth >= ctx.limits.maxDepth) throw violation(`MOData deeper than ${ctx.limits.maxDepth}`);
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw violation(`MOData at ${path.join('/')} is not a plain object`);
      const children = build ? new Map<string, TreeNode>() : undefined;
      const obj = v as Record<string, unknown>;
      // for-in is several times faster than Object.keys on parsed JSON; plain objects only (above).
      for (const key in obj) {
        if (!ctx.goodKeys.has(key)) {
          const problem = keyProblem(key);
          if (problem !== undefined) throw violation(`MOData key ${quoteShort(key)}: ${problem}`);
          if (ctx.goodKeys.size < 4096) ctx.goodKeys.add(key);
        }
        path.push(key);
        const child = walkNode(obj[key], depth + 1, path, ctx, build);
        if (children !== undefined) children.set(key, child!);
        path.pop();
      }
      if (children === undefined) return undefined;
      return ctx.registerRaw ? new SourcedInterior(permanent, children, obj) : { kind: 'interior', permanent, children };
    }
    default:
      throw violation('MOData holds a value that is not JSON');
  }
}

function optionalString(obj: Record<string, unknown>, key: string, limits: DmLimits): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > limits.maxStringLength) throw violation(`MO serialization ${key} must be a string of at most ${limits.maxStringLength} characters`);
  return v;
}

/**
 * Decodes an MO serialization array (already JSON-parsed) into entries.
 *
 * Throws `ProvisioningError('PROTOCOL_VIOLATION')` for anything malformed: not an array, missing
 * or bad `ClientURI`, MOData that is not a one-key object, bad node names (reserved names such as
 * `__proto__` included), values invalid for the hooked format, or limits exceeded.
 */
export function decodeMoSerialization(value: unknown, options: MoDecodeOptions = {}): MoEntry[] {
  return decodeEntries(value, options, false);
}

/**
 * Decodes entries; with `lazy` (only for values the engine owns, e.g. fresh from `JSON.parse`),
 * everything is validated now but nodes are built on first access (see lazy-source.ts).
 */
function decodeEntries(value: unknown, options: MoDecodeOptions, lazy: boolean): MoEntry[] {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (!Array.isArray(value)) throw violation('MO serialization must be a JSON array');
  if (value.length > limits.maxArrayLength) throw violation(`MO serialization has more than ${limits.maxArrayLength} entries`);
  const entries: MoEntry[] = [];
  const goodKeys = new Set<string>();
  let nodes = 0;
  for (const item of value as unknown[]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw violation('MO serialization entry must be an object');
    const obj = item as Record<string, unknown>;
    const uriText = obj.ClientURI;
    if (typeof uriText !== 'string') throw violation('MO serialization entry needs a ClientURI string');
    const uri = tryParseClientUri(uriText, limits.maxStringLength);
    if (!uri.ok) throw violation(`MO serialization entry: ${uri.error.message}`);
    const ddf = optionalString(obj, 'DDF', limits);
    const cv = optionalString(obj, 'CV', limits);
    const data = obj.MOData;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw violation('MOData must be an object');
    const keys = Object.keys(data);
    if (keys.length !== 1) throw violation(`MOData must have exactly one key (the node name), found ${keys.length}`);
    const name = keys[0]!;
    const problem = keyProblem(name);
    if (problem !== undefined) throw violation(`MOData key ${quoteShort(name)}: ${problem}`);
    const base = uri.value.path.slice(0, -1).map((s) => (s.kind === 'name' ? s.name : '*'));
    const miid = uri.value.instance.kind === 'miid' ? uri.value.instance.miid : undefined;
    const fresh = (registerRaw: boolean): DecodeContext => ({ moid: uri.value.moid, miid, limits, formatOf: options.formatOf, permanent: options.permanent ?? false, nodes: 0, canonical: true, goodKeys, registerRaw });
    const ctx: DecodeContext = { ...fresh(false), nodes };
    const rootPath = uri.value.path.length === 0 ? [] : [...base, name];
    const raw = (data as Record<string, unknown>)[name];
    const node = walkNode(raw, 1, [...rootPath], ctx, !lazy);
    nodes = ctx.nodes;
    const entry = { clientUri: uri.value, name, ...(ddf === undefined ? {} : { ddf }), ...(cv === undefined ? {} : { cv }) };
    if (node !== undefined) {
      entries.push({ ...entry, node });
      continue;
    }
    const canonical = ctx.canonical;
    defineLazy(entry, 'node', () => walkNode(raw, 1, [...rootPath], fresh(canonical), true));
    entries.push(attachSource(entry as MoEntry, { raw, canonical }));
  }
  return entries;
}

/** Parses MO serialization JSON text (size-limited) and decodes it; see {@link decodeMoSerialization}. */
export function parseMoSerializationJson(text: string, options: MoDecodeOptions = {}): MoEntry[] {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return decodeEntries(parseJsonText(text, limits.moJsonMaxChars, 'MO serialization'), options, true);
}

function plainOf(node: TreeNode): unknown {
  if (node.kind === 'leaf') return node.format === 'chr' ? node.value : node.format === 'null' ? null : leafText(node);
  const raw = rawOf(node);
  if (raw !== undefined) return raw;
  const out: Record<string, unknown> = {};
  for (const [name, child] of node.children) {
    // Decoders never admit this name, but a hand-built node might: keep it an ordinary key.
    if (name === '__proto__') Object.defineProperty(out, name, { value: plainOf(child), enumerable: true, writable: true, configurable: true });
    else out[name] = plainOf(child);
  }
  return out;
}

/**
 * MOData text per node. Nodes are immutable and shared between tree versions, so the text of an
 * unchanged instance is computed once and reused by later serializations (a snapshot or HPUT of
 * an unchanged MO costs a lookup, not a walk).
 */
const textCache = new WeakMap<TreeNode, string>();

function writeNode(node: TreeNode): string {
  if (node.kind === 'leaf') return JSON.stringify(plainOf(node));
  let text = textCache.get(node);
  if (text === undefined) {
    text = JSON.stringify(plainOf(node));
    textCache.set(node, text);
  }
  return text;
}

/** Encodes entries as MO serialization JSON text (digest §5.3; leaf encoding per decisions.ts). */
export function encodeMoSerialization(entries: readonly MoEntry[]): string {
  let out = '[';
  entries.forEach((e, i) => {
    out += i === 0 ? '{' : ',{';
    if (e.ddf !== undefined) out += `"DDF":${JSON.stringify(e.ddf)},`;
    out += `"ClientURI":${JSON.stringify(formatClientUri(e.clientUri))},`;
    if (e.cv !== undefined) out += `"CV":${JSON.stringify(e.cv)},`;
    const source = sourceOf(e);
    const text = (source === undefined ? undefined : canonicalText(source)) ?? writeNode(e.node);
    out += `"MOData":{${JSON.stringify(e.name)}:${text}}}`;
  });
  return `${out}]`;
}

/** The entry for a whole instance (instance-root ClientURI, root name, cv, ddf). */
export function instanceEntry(instance: MoInstance): MoEntry {
  const source = sourceOf(instance);
  if (source === undefined) return targetEntry({ instance, path: [], node: instance.root });
  // Keep a loaded, unchanged instance lazy: its entry serializes from the source.
  const entry = {
    clientUri: { moid: instance.moid, instance: { kind: 'miid', miid: instance.miid }, path: [], nv: [] } as ClientUri,
    name: instance.rootName,
    cv: instance.cv,
    ...(instance.ddf === undefined ? {} : { ddf: instance.ddf }),
  };
  defineLazy(entry, 'node', () => instance.root);
  return attachSource(entry as MoEntry, source);
}

/**
 * The entry for a resolved target. The cache validator is included only when the target is the
 * instance root (digest §5.4).
 */
export function targetEntry(target: ResolvedTarget): MoEntry {
  const { instance, path, node } = target;
  const clientUri: ClientUri = { moid: instance.moid, instance: { kind: 'miid', miid: instance.miid }, path: path.map((name) => ({ kind: 'name', name })), nv: [] };
  return {
    clientUri,
    name: path.length === 0 ? instance.rootName : path[path.length - 1]!,
    node,
    ...(instance.ddf === undefined ? {} : { ddf: instance.ddf }),
    ...(path.length === 0 ? { cv: instance.cv } : {}),
  };
}

/** Serializes every instance of a tree (the `tree.json` format of the CLI). */
export function encodeTree(tree: ManagementTree): string {
  return encodeMoSerialization(allInstances(tree).map(instanceEntry));
}

/** True when an entry's node is an interior node (what an instance root must be), without building it. */
export function isInteriorEntry(entry: MoEntry): boolean {
  const source = sourceOf(entry);
  if (source === undefined) return entry.node.kind === 'interior';
  return typeof source.raw === 'object' && source.raw !== null && !Array.isArray(source.raw);
}
