import { ProvisioningError } from '../../src-shared/errors/index.js';
import { encodeResponseApdu, parseCommandApdu, type CommandApdu } from '../../src-shared/card/apdu.js';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import { bytesEqual, fromHex } from '../../src-shared/util/bytes.js';

/** A transparent EF of the model. */
interface Ef {
  readonly kind: 'ef';
  readonly fid: number;
  data: Uint8Array;
}
/** A DF of the model. */
interface Df {
  readonly kind: 'df';
  readonly fid: number;
  readonly aid?: Uint8Array;
  readonly parent?: Df;
  readonly children: Map<number, Ef | Df>;
}

/** A PIN/ADM reference of the model. */
export interface CodeState {
  /** As the card holds it: a PIN reference's code padded with FF to 8 bytes, others as given. */
  code: Uint8Array;
  tries: number;
  readonly maxTries: number;
  verified: boolean;
}

/** Faults the card injects. */
export interface FaultPlan {
  /** Remove the card at this APDU number (1-based, counted since the card object was made). */
  tearAtApdu?: number;
  /** `before`: the command is lost; `after`: it runs but the response is lost. */
  tearMode?: 'before' | 'after';
  /** Awaited before every response (slow cards); tests pass a fake-clock promise. */
  delay?: () => Promise<void>;
  /** Answer 6Cxx to a READ BINARY whose Le is larger than the bytes left (T=0 cards do this). */
  wrongLeOnShortRead?: boolean;
}

/** Options of a {@link FaultCard}. */
export interface FaultCardOptions {
  readonly iccid?: string;
  /** VERIFY references: P2 → code (a PIN's digits as text; the model pads it as a UICC stores it) and tries left. */
  readonly codes?: ReadonlyMap<number, { code: string; tries: number; maxTries?: number }>;
  /** When set, UPDATE BINARY / CREATE / DELETE need this reference verified (else 6982). */
  readonly writeNeedsRef?: number;
  readonly faults?: FaultPlan;
}

/** ATR of the model: T=0, TA1 = 96 (Fi 512, Di 32), five historical bytes. */
export const FAULT_CARD_ATR: Uint8Array = fromHex('3B95960080730021 00'.replace(/ /g, ''))!;

function iccidBcd(iccid: string): Uint8Array {
  const digits = iccid.padEnd(20, 'F');
  const out = new Uint8Array(10);
  for (let i = 0; i < 10; i++) out[i] = (Number.parseInt(digits[i * 2 + 1]!, 16) << 4) | Number.parseInt(digits[i * 2]!, 16);
  return out;
}

/**
 * A fault-injecting ISO 7816-4 card model behind the {@link ApduChannel} port.
 *
 * Transparent EFs and DFs (CREATE/DELETE FILE, SELECT by FID/path/AID, READ/UPDATE BINARY with
 * 6282/6B00), PIN/ADM references with 63Cx counters and 6983, GET RESPONSE for FCP, tearing at
 * APDU N (card removed: every call rejects with CARD_ABSENT until {@link insert}) and slow answers.
 */
export class FaultCard implements ApduChannel {
  readonly name = 'Fault card';
  readonly mf: Df = { kind: 'df', fid: 0x3f00, children: new Map() };
  readonly codes = new Map<number, CodeState>();
  private currentDf: Df = this.mf;
  private currentEf: Ef | undefined;
  private pending: Uint8Array | undefined;
  private present = true;
  /** APDUs received while present. */
  apduCount = 0;
  /** Lowest tries-left value any code ever reached. */
  minTriesSeen = Number.POSITIVE_INFINITY;
  faults: FaultPlan;

  constructor(private readonly options: FaultCardOptions = {}) {
    this.faults = options.faults ?? {};
    if (options.iccid !== undefined) this.mf.children.set(0x2fe2, { kind: 'ef', fid: 0x2fe2, data: iccidBcd(options.iccid) });
    for (const [ref, c] of options.codes ?? []) {
      const given = new Uint8Array([...c.code].map((ch) => ch.charCodeAt(0)));
      const code = isUiccPinRef(ref) ? padPin(given) : given;
      this.codes.set(ref, { code, tries: c.tries, maxTries: c.maxTries ?? 3, verified: false });
      this.minTriesSeen = Math.min(this.minTriesSeen, c.tries);
    }
  }

  /** True while the card is in the reader. */
  get isPresent(): boolean {
    return this.present;
  }

  /** Puts the card back (after a tear): power-on resets the selection and verified states. */
  insert(): void {
    this.present = true;
    this.currentDf = this.mf;
    this.currentEf = undefined;
    this.pending = undefined;
    for (const c of this.codes.values()) c.verified = false;
  }

  atr(): Uint8Array {
    return FAULT_CARD_ATR;
  }

  withExclusive<T>(body: () => Promise<T>): Promise<T> {
    return body();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.present) throw new ProvisioningError('CARD_ABSENT', 'card removed');
    this.apduCount += 1;
    const tearHere = this.faults.tearAtApdu === this.apduCount;
    if (tearHere && (this.faults.tearMode ?? 'before') === 'before') return this.tear();
    const response = this.execute(apdu);
    if (tearHere) return this.tear();
    if (this.faults.delay !== undefined) await this.faults.delay();
    return response;
  }

  private tear(): never {
    this.present = false;
    throw new ProvisioningError('CARD_ABSENT', 'card removed during the exchange');
  }

  /** Runs one command APDU against the model (also used by the vpcd bridge). */
  execute(bytes: Uint8Array): Uint8Array {
    const parsed = parseCommandApdu(bytes);
    if (!parsed.ok) return sw(0x6700);
    const apdu = parsed.value;
    const pending = this.pending;
    this.pending = undefined;
    if (apdu.cla !== 0x00) return sw(0x6e00);
    switch (apdu.ins) {
      case 0xa4:
        return this.select(apdu);
      case 0xb0:
        return this.readBinary(apdu);
      case 0xd6:
        return this.updateBinary(apdu);
      case 0xe0:
        return this.createFile(apdu);
      case 0xe4:
        return this.deleteFile(apdu);
      case 0x20:
        return this.verify(apdu);
      case 0xc0:
        if (pending === undefined) return sw(0x6985);
        return encodeResponseApdu({ data: pending.slice(0, apdu.le ?? 256), sw: 0x9000 });
      default:
        return sw(0x6d00);
    }
  }

  private select(apdu: CommandApdu): Uint8Array {
    const data = apdu.data ?? new Uint8Array(0);
    let found: Ef | Df | undefined;
    if (apdu.p1 === 0x04) found = findAid(this.mf, data);
    else if (apdu.p1 === 0x08) {
      let node: Ef | Df | undefined = this.mf;
      for (let i = 0; i + 1 < data.length && node !== undefined; i += 2) node = node.kind === 'df' ? node.children.get((data[i]! << 8) | data[i + 1]!) : undefined;
      found = data.length % 2 === 0 ? node : undefined;
    } else if (apdu.p1 === 0x00) {
      if (data.length === 0) found = this.mf;
      else if (data.length !== 2) return sw(0x6700);
      else {
        const fid = (data[0]! << 8) | data[1]!;
        found = fid === 0x3f00 ? this.mf : (this.currentDf.children.get(fid) ?? this.currentDf.parent?.children.get(fid));
      }
    } else return sw(0x6a86);
    if (found === undefined) return sw(0x6a82);
    if (found.kind === 'df') {
      this.currentDf = found;
      this.currentEf = undefined;
    } else {
      this.currentEf = found;
      const parent = findParent(this.mf, found);
      if (parent !== undefined) this.currentDf = parent;
    }
    if ((apdu.p2 & 0x0c) === 0x0c) return sw(0x9000);
    const fcp = Uint8Array.of(0x62, 0x04, 0x83, 0x02, found.fid >> 8, found.fid & 0xff);
    this.pending = fcp;
    return sw(0x6100 | fcp.length);
  }

  private writeAllowed(): boolean {
    const ref = this.options.writeNeedsRef;
    return ref === undefined || this.codes.get(ref)?.verified === true;
  }

  private readBinary(apdu: CommandApdu): Uint8Array {
    const ef = this.currentEf;
    if (ef === undefined) return sw(0x6986);
    const offset = (apdu.p1 << 8) | apdu.p2;
    if (offset > ef.data.length || (apdu.p1 & 0x80) !== 0) return sw(0x6b00);
    const le = apdu.le ?? 256;
    const left = ef.data.length - offset;
    if (le > left && this.faults.wrongLeOnShortRead === true && left > 0) return sw(0x6c00 | left);
    const out = ef.data.slice(offset, offset + le);
    return encodeResponseApdu({ data: out, sw: out.length < le ? 0x6282 : 0x9000 });
  }

  private updateBinary(apdu: CommandApdu): Uint8Array {
    const ef = this.currentEf;
    if (ef === undefined) return sw(0x6986);
    if (!this.writeAllowed()) return sw(0x6982);
    const offset = (apdu.p1 << 8) | apdu.p2;
    const data = apdu.data ?? new Uint8Array(0);
    if (offset + data.length > ef.data.length) return sw(0x6a84);
    ef.data.set(data, offset);
    return sw(0x9000);
  }

  private createFile(apdu: CommandApdu): Uint8Array {
    if (!this.writeAllowed()) return sw(0x6982);
    const fcp = parseFcp(apdu.data ?? new Uint8Array(0));
    if (fcp === undefined) return sw(0x6a80);
    if (this.currentDf.children.has(fcp.fid)) return sw(0x6a89);
    const file: Ef | Df =
      fcp.fdb === 0x38
        ? { kind: 'df', fid: fcp.fid, parent: this.currentDf, children: new Map(), ...(fcp.aid === undefined ? {} : { aid: fcp.aid }) }
        : { kind: 'ef', fid: fcp.fid, data: new Uint8Array(fcp.size ?? 0) };
    this.currentDf.children.set(fcp.fid, file);
    if (file.kind === 'df') this.currentDf = file;
    else this.currentEf = file;
    return sw(0x9000);
  }

  private deleteFile(apdu: CommandApdu): Uint8Array {
    if (!this.writeAllowed()) return sw(0x6982);
    const data = apdu.data ?? new Uint8Array(0);
    if (data.length !== 2) return sw(0x6700);
    const fid = (data[0]! << 8) | data[1]!;
    if (!this.currentDf.children.delete(fid)) return sw(0x6a82);
    this.currentEf = undefined;
    return sw(0x9000);
  }

  private verify(apdu: CommandApdu): Uint8Array {
    const state = this.codes.get(apdu.p2);
    if (state === undefined) return sw(0x6a88);
    const data = apdu.data;
    if (data === undefined) {
      if (state.tries === 0) return sw(0x6983);
      return state.verified ? sw(0x9000) : sw(0x63c0 | state.tries);
    }
    // A UICC takes a PIN reference's data as one 8-byte block (ETSI TS 102 221 §9.5.1): any other Lc is 6700, no try spent.
    if (isUiccPinRef(apdu.p2) && data.length !== PIN_BLOCK) return sw(0x6700);
    if (state.tries === 0) return sw(0x6983);
    if (bytesEqual(data, state.code)) {
      state.tries = state.maxTries;
      state.verified = true;
      return sw(0x9000);
    }
    state.tries -= 1;
    state.verified = false;
    this.minTriesSeen = Math.min(this.minTriesSeen, state.tries);
    return state.tries === 0 ? sw(0x6983) : sw(0x63c0 | state.tries);
  }

  /** The content of an EF by path from the MF (test inspection). */
  fileAt(path: readonly number[]): Uint8Array | undefined {
    let node: Ef | Df | undefined = this.mf;
    for (const fid of path.slice(path[0] === 0x3f00 ? 1 : 0)) node = node?.kind === 'df' ? node.children.get(fid) : undefined;
    return node?.kind === 'ef' ? node.data : undefined;
  }
}

/** Bytes of a UICC PIN block. */
const PIN_BLOCK = 8;

/** PIN references of ETSI TS 102 221 §9.5.1 (01–08, 81–88); the model's own reading of the spec, not the station's. */
function isUiccPinRef(ref: number): boolean {
  return (ref >= 0x01 && ref <= 0x08) || (ref >= 0x81 && ref <= 0x88);
}

/** A PIN as a UICC stores it: its digits, then FF to 8 bytes. */
function padPin(digits: Uint8Array): Uint8Array {
  if (digits.length > PIN_BLOCK) throw new Error(`fault card: a PIN reference holds at most ${PIN_BLOCK} bytes`);
  const block = new Uint8Array(PIN_BLOCK).fill(0xff);
  block.set(digits);
  return block;
}

function sw(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}

function findAid(df: Df, aid: Uint8Array): Df | undefined {
  if (df.aid !== undefined && bytesEqual(df.aid, aid)) return df;
  for (const child of df.children.values()) {
    if (child.kind !== 'df') continue;
    const found = findAid(child, aid);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findParent(df: Df, target: Ef | Df): Df | undefined {
  for (const child of df.children.values()) {
    if (child === target) return df;
    if (child.kind === 'df') {
      const found = findParent(child, target);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function parseFcp(bytes: Uint8Array): { fdb: number; fid: number; size?: number; aid?: Uint8Array } | undefined {
  if (bytes[0] !== 0x62 || bytes[1] !== bytes.length - 2) return undefined;
  let fdb: number | undefined;
  let fid: number | undefined;
  let size: number | undefined;
  let aid: Uint8Array | undefined;
  for (let i = 2; i + 1 < bytes.length; ) {
    const tag = bytes[i]!;
    const len = bytes[i + 1]!;
    const value = bytes.subarray(i + 2, i + 2 + len);
    if (value.length !== len) return undefined;
    if (tag === 0x82) fdb = value[0];
    if (tag === 0x83 && len === 2) fid = (value[0]! << 8) | value[1]!;
    if (tag === 0x80) size = value.reduce((a, b) => a * 256 + b, 0);
    if (tag === 0x84) aid = value.slice();
    i += 2 + len;
  }
  if (fdb === undefined || fid === undefined) return undefined;
  return { fdb, fid, ...(size === undefined ? {} : { size }), ...(aid === undefined ? {} : { aid }) };
}
