import { isLuhnValid } from '../domain/imei.js';
import type { ProvisioningError } from '../errors/provisioning-error.js';
import { err, ok, type Result } from '../util/result.js';
import { infoValue, settle, type AtExecutor } from './at-outcome.js';
import { crsmCommand, CrsmCommand, decodeIccidBcd, EF_ICCID, parseCrsm } from './sim-access.js';

/** What a modem says about itself and its SIM. Fields the modem refused are absent. */
export interface ModemIdentity {
  readonly manufacturer?: string;
  readonly model?: string;
  readonly revision?: string;
  /** 15-digit IMEI that passed the Luhn check. */
  readonly imei?: string;
  readonly imsi?: string;
  readonly iccid?: string;
  /** Refusals and oddities, e.g. `+CIMI: SIM not inserted`. */
  readonly notes: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Extracts the ICCID from `+CCID`/`+ICCID`/`+QCCID` answers (digits, maybe `F`-padded). */
export function parseIccidLine(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = /(\d{18,22})F?/i.exec(infoValue(line));
    if (m !== null) return m[1];
  }
  return undefined;
}

/**
 * Reads modem and SIM identity: `+CGMI +CGMM +CGMR +CGSN +CIMI`, then the ICCID through
 * `+CCID`, `+ICCID`, `+QCCID` and finally `+CRSM` READ BINARY of EF ICCID.
 *
 * A refusal (`ERROR`, `+CME ERROR`) is recorded in `notes` and the sequence continues; a modem
 * that stops answering ends it with the typed error.
 */
export async function queryIdentity(exec: AtExecutor): Promise<Result<ModemIdentity, ProvisioningError>> {
  const identity: Mutable<Omit<ModemIdentity, 'notes'>> = {};
  const notes: string[] = [];
  const ask = async (command: string, name: string): Promise<Result<string | undefined, ProvisioningError>> => {
    const settled = settle(command, await exec(command), (lines) => (lines.length === 0 ? err('empty answer') : ok(infoValue(lines[0]!, name))));
    if (!settled.ok) return settled;
    if (settled.value.status === 'ok') return ok(settled.value.value);
    const final = settled.value.final;
    notes.push(`${name}: ${final.kind === 'cme-error' ? final.error.message : final.kind}`);
    return ok(undefined);
  };
  const fields = [
    ['AT+CGMI', '+CGMI', 'manufacturer'],
    ['AT+CGMM', '+CGMM', 'model'],
    ['AT+CGMR', '+CGMR', 'revision'],
    ['AT+CGSN', '+CGSN', 'imei'],
    ['AT+CIMI', '+CIMI', 'imsi'],
  ] as const;
  for (const [command, name, key] of fields) {
    const value = await ask(command, name);
    if (!value.ok) return value;
    if (value.value === undefined) continue;
    if (key === 'imei' && !(/^\d{15}$/.test(value.value) && isLuhnValid(value.value))) notes.push(`+CGSN: not a valid IMEI (${value.value})`);
    else if (key === 'imsi' && !/^\d{6,15}$/.test(value.value)) notes.push(`+CIMI: not an IMSI (${value.value})`);
    else identity[key] = value.value;
  }
  for (const command of ['AT+CCID', 'AT+ICCID', 'AT+QCCID']) {
    const settled = settle(command, await exec(command), (lines) => {
      const iccid = parseIccidLine(lines);
      return iccid === undefined ? err('no ICCID digits') : ok(iccid);
    });
    if (!settled.ok) {
      if (settled.error.code === 'PROTOCOL_VIOLATION') continue;
      return err(settled.error);
    }
    if (settled.value.status === 'ok') {
      identity.iccid = settled.value.value;
      return ok({ ...identity, notes });
    }
  }
  const command = crsmCommand({ command: CrsmCommand.readBinary, fileId: EF_ICCID, p1: 0, p2: 0, p3: 10 });
  const settled = settle(command, await exec(command), parseCrsm);
  if (!settled.ok) return settled.error.code === 'PROTOCOL_VIOLATION' ? ok({ ...identity, notes: [...notes, 'ICCID: unreadable'] }) : err(settled.error);
  if (settled.value.status === 'ok' && settled.value.value.sw1 === 0x90) {
    const iccid = decodeIccidBcd(settled.value.value.data);
    if (iccid !== undefined) identity.iccid = iccid;
    else notes.push('ICCID: EF ICCID is not BCD');
  } else {
    notes.push('ICCID: not available');
  }
  return ok({ ...identity, notes });
}
