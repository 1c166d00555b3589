/**
 * The server's DM session state machine as values (digest Appendix C):
 * IDLE → NOTIFIED → ACTIVE → WAIT_P3 → ACTIVE … → CLOSED.
 *
 * Pure: every function maps a state and a decoded package to the next state plus events. The
 * HTTP glue (`dm-server.ts`) loads and saves the state through a `SessionStore`, so the state is
 * plain JSON (commands are kept in their wire form).
 */
import { assertNever } from '../../../util/assert-never.js';
import { SESSION_ALERTS, notificationIdOf, type GenericAlert } from '../packages/alerts.js';
import { commandToRaw, parseCommand, type DmCommand } from '../packages/commands.js';
import type { MosEntry, Package1 } from '../packages/package1.js';
import type { Package3 } from '../packages/package3.js';
import type { MoEntry } from '../serialization.js';
import type { JsonValue } from './session-store.js';

/** How the device opened the session (its session alert in Package#1). */
export type SessionTrigger = 'client-initiated' | 'server-initiated' | 'bootstrap-complete' | 'unannounced';

/** Why a session ended. */
export type CloseReason =
  | { readonly kind: 'completed' }
  | { readonly kind: 'status-count-mismatch'; readonly expected: number; readonly received: number }
  | { readonly kind: 'superseded' }
  | { readonly kind: 'expired'; readonly idleMs: number };

/** What every state after Package#1 knows about the session. */
export type SessionInfo = {
  readonly sessionId: string;
  readonly devId: string;
  readonly serverId: string;
  readonly trigger: SessionTrigger;
  readonly notificationId: number | null;
  /** Package#2s sent so far. */
  readonly round: number;
  readonly openedAtMs: number;
  /** When the server last answered a package of this session (the HTTP glue refreshes it). */
  readonly lastActivityMs: number;
  /** True once a CONT pinning the session to its token URL has been sent. */
  readonly pinned: boolean;
  /** Who opened the session as the transport proved it (see `peerKeyOf`); later packages must match. */
  readonly peer: string;
};

/** One server session state (plain JSON). */
export type ServerSessionState =
  | { readonly kind: 'idle'; readonly devId: string }
  | { readonly kind: 'notified'; readonly devId: string; readonly notificationId: number; readonly notifiedAtMs: number }
  | { readonly kind: 'active'; readonly session: SessionInfo; readonly appState: JsonValue }
  | {
      readonly kind: 'wait-p3';
      readonly session: SessionInfo;
      readonly appState: JsonValue;
      /** Wire form of every non-END command of the last Package#2, in order. */
      readonly outstanding: readonly (readonly string[])[];
      /** Indexes in `outstanding` of commands the engine added (the pinning CONT). */
      readonly internal: readonly number[];
    }
  | { readonly kind: 'closed'; readonly session: SessionInfo; readonly reason: CloseReason };

/** The result of one command as the server app sees it. */
export interface CommandResult {
  readonly command: DmCommand;
  readonly sc: number;
  readonly uris: readonly string[];
  /** GET data (the Status element's MO serialization member); empty otherwise. */
  readonly data: readonly MoEntry[];
}

/** Something the server app is told. */
export type ServerEvent =
  | {
      readonly kind: 'session-opened';
      readonly sessionId: string;
      readonly devId: string;
      readonly trigger: SessionTrigger;
      readonly notificationId: number | null;
      /** True when this session answers the Package#0 this server last sent the device. */
      readonly answersNotification: boolean;
      readonly mos: readonly MosEntry[];
    }
  | { readonly kind: 'alerts'; readonly sessionId: string; readonly devId: string; readonly alerts: readonly GenericAlert[] }
  | { readonly kind: 'results'; readonly sessionId: string; readonly devId: string; readonly results: readonly CommandResult[] }
  | { readonly kind: 'session-closed'; readonly sessionId: string; readonly devId: string; readonly reason: CloseReason };

/** A state plus what happened on the way there. */
export interface Transition<S extends ServerSessionState = ServerSessionState> {
  readonly state: S;
  readonly events: readonly ServerEvent[];
}

/** The active state a Package#1 leads to, with the results it carries. */
export type ActiveTransition = Transition<Extract<ServerSessionState, { kind: 'active' }>> & {
  /** Results of the previous Package#2's commands (empty after Package#1). */
  readonly results: readonly CommandResult[];
  /** Alerts other than the session alert. */
  readonly alerts: readonly GenericAlert[];
  /** The MOS list of Package#1 (empty after Package#3). */
  readonly mos: readonly MosEntry[];
};

const SESSION_ALERT_TYPES: readonly string[] = Object.values(SESSION_ALERTS);

function triggerOf(alerts: readonly GenericAlert[]): { trigger: SessionTrigger; notificationId: number | null } {
  for (const a of alerts) {
    if (a.AlertType === SESSION_ALERTS.clientInitiated) return { trigger: 'client-initiated', notificationId: null };
    if (a.AlertType === SESSION_ALERTS.bootstrapComplete) return { trigger: 'bootstrap-complete', notificationId: null };
    if (a.AlertType === SESSION_ALERTS.serverInitiated) return { trigger: 'server-initiated', notificationId: notificationIdOf(a) ?? null };
  }
  return { trigger: 'unannounced', notificationId: null };
}

/** Identity of a session about to open. */
export interface OpenInit {
  readonly sessionId: string;
  readonly devId: string;
  readonly serverId: string;
  readonly nowMs: number;
  /** The transport identity of the device (see `peerKeyOf`). @default '' */
  readonly peer?: string;
  /** App state a new session starts with. @default null */
  readonly appState?: JsonValue;
  /** The device's state before this Package#1 (IDLE or NOTIFIED). @default idle */
  readonly previous?: Extract<ServerSessionState, { kind: 'idle' | 'notified' }>;
}

/**
 * IDLE/NOTIFIED --(Package#1)--> ACTIVE. Reads the session alert (trigger, NOTIFICATION-ID) and
 * splits off the other alerts and the MOS list for the server app.
 */
export function openSession(p1: Package1, init: OpenInit): ActiveTransition {
  const alerts = p1.Alert ?? [];
  const { trigger, notificationId } = triggerOf(alerts);
  const session: SessionInfo = {
    sessionId: init.sessionId,
    devId: init.devId,
    serverId: init.serverId,
    trigger,
    notificationId,
    round: 0,
    openedAtMs: init.nowMs,
    lastActivityMs: init.nowMs,
    pinned: false,
    peer: init.peer ?? '',
  };
  const others = alerts.filter((a) => !SESSION_ALERT_TYPES.includes(a.AlertType));
  const mos = p1.MOS ?? [];
  const answersNotification = trigger === 'server-initiated' && init.previous?.kind === 'notified' && init.previous.notificationId === notificationId;
  const events: ServerEvent[] = [{ kind: 'session-opened', sessionId: init.sessionId, devId: init.devId, trigger, notificationId, answersNotification, mos }];
  if (others.length > 0) events.push({ kind: 'alerts', sessionId: init.sessionId, devId: init.devId, alerts: others });
  return { state: { kind: 'active', session, appState: init.appState ?? null }, events, results: [], alerts: others, mos };
}

/** Closes an open session (ACTIVE or WAIT_P3) because the device started a new one. */
export function supersede(state: ServerSessionState): Transition {
  switch (state.kind) {
    case 'active':
    case 'wait-p3': {
      const reason: CloseReason = { kind: 'superseded' };
      const s = state.session;
      return { state: { kind: 'closed', session: s, reason }, events: [{ kind: 'session-closed', sessionId: s.sessionId, devId: s.devId, reason }] };
    }
    case 'idle':
    case 'notified':
    case 'closed':
      return { state, events: [] };
    default:
      return assertNever(state, 'unknown session state');
  }
}

/**
 * WAIT_P3 --(Package#3)--> ACTIVE, or CLOSED when the status count differs from the number of
 * non-END commands sent (digest Appendix C). Statuses are matched to commands by position; the
 * engine's own pinning CONT is not reported to the app.
 */
export function acceptPackage3(state: Extract<ServerSessionState, { kind: 'wait-p3' }>, p3: Package3): ActiveTransition | Transition<Extract<ServerSessionState, { kind: 'closed' }>> {
  const s = state.session;
  if (p3.Status.length !== state.outstanding.length) {
    const reason: CloseReason = { kind: 'status-count-mismatch', expected: state.outstanding.length, received: p3.Status.length };
    return { state: { kind: 'closed', session: s, reason }, events: [{ kind: 'session-closed', sessionId: s.sessionId, devId: s.devId, reason }] };
  }
  const results: CommandResult[] = [];
  state.outstanding.forEach((raw, i) => {
    if (state.internal.includes(i)) return;
    const parsed = parseCommand(raw);
    if (!parsed.ok) return; // cannot happen: outstanding commands were encoded by us
    const st = p3.Status[i]!;
    results.push({ command: parsed.value, sc: st.sc, uris: st.URI ?? [], data: st.MOS ?? [] });
  });
  const alerts = p3.Alert ?? [];
  const events: ServerEvent[] = [{ kind: 'results', sessionId: s.sessionId, devId: s.devId, results }];
  if (alerts.length > 0) events.push({ kind: 'alerts', sessionId: s.sessionId, devId: s.devId, alerts });
  return { state: { kind: 'active', session: s, appState: state.appState }, events, results, alerts, mos: [] };
}

/** A Package#2 ready to send and the state after sending it. */
export interface Emitted extends Transition {
  /** The commands in wire order (the pinning CONT first, when added). */
  readonly commands: readonly DmCommand[];
}

/**
 * ACTIVE --(Package#2 sent)--> WAIT_P3, or CLOSED when the package contains END (digest §3.9).
 *
 * No commands means END. When the package does not end the session and the session is not yet
 * pinned, `["CONT", contUrl]` goes first (session correlation, see session-decisions.ts).
 */
export function emitPackage2(state: Extract<ServerSessionState, { kind: 'active' }>, commands: readonly DmCommand[], contUrl: string, appState: JsonValue = state.appState): Emitted {
  const s = state.session;
  const list: DmCommand[] = commands.length === 0 ? [{ name: 'END' }] : [...commands];
  const ends = list.some((c) => c.name === 'END');
  const pin = !ends && !s.pinned;
  if (pin) list.unshift({ name: 'CONT', serverUri: contUrl });
  const session: SessionInfo = { ...s, round: s.round + 1, pinned: s.pinned || pin };
  if (ends) {
    const reason: CloseReason = { kind: 'completed' };
    return { state: { kind: 'closed', session, reason }, events: [{ kind: 'session-closed', sessionId: s.sessionId, devId: s.devId, reason }], commands: list };
  }
  const outstanding = list.map(commandToRaw);
  return { state: { kind: 'wait-p3', session, appState, outstanding, internal: pin ? [0] : [] }, events: [], commands: list };
}

/** Checks at compile time that session states are JSON, and returns the state as such. */
export function sessionStateToJson(state: ServerSessionState): JsonValue {
  return state;
}
