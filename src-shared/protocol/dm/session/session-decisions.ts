/**
 * Session-level choices made where the DM 2.0 text is UNKNOWN (part A of issue #4).
 *
 * These complement `../decisions.ts` (owned by the DM engine); they belong in the table of
 * `docs/dm2-decisions.md`. Each constant names the digest section whose gap it fills.
 */

/**
 * Session correlation (digest §2.1 RECOMMENDED DEFAULT): the server keys a session on OMADM-DevID
 * and pins it with `["CONT", "<entry URL>/s/<token>"]` as the first command of the first Package#2
 * of every session that needs more than one round. Later packages are correlated by the token in
 * the URL and checked against the DevID. Fixed.
 */
export const SESSION_CORRELATION = 'devid-plus-cont-token' as const;

/** Path segment between the DM entry URL and the session token in CONT URLs. Fixed. */
export const SESSION_PATH_SEGMENT = 's';

/** Bytes of randomness in a session token (hex-encoded in the CONT URL). Fixed. */
export const SESSION_TOKEN_BYTES = 16;

/**
 * A Package#3 posted to the entry URL (not the CONT URL) is correlated by OMADM-DevID alone, for
 * clients that lose the CONT URL. Fixed.
 */
export const P3_DEVID_FALLBACK = true;

/**
 * A Package#1 from a device with an open session supersedes it: the old session is closed with
 * reason `superseded` (the device restarted). Fixed.
 */
export const NEW_P1_SUPERSEDES = true;

/**
 * Status-count mismatch (digest Appendix C): the server closes the session and answers the P3
 * with a Package#2 holding only END, so a conforming client stops cleanly. Fixed.
 */
export const MISMATCH_REPLY = 'end' as const;

/** Alert type of an asynchronous EXEC result when the executor names none (ours). Configurable per executor. */
export const EXEC_RESULT_ALERT_TYPE = 'urn:oma:at:dm:2.0:ExecResult';

/** `Data` key of the final status inside an EXEC result alert (ours). Fixed. */
export const EXEC_RESULT_DATA_KEY = 'Result';

/**
 * Alert type of a device-initiated configuration request (digest §3.10 gap; ours): the client
 * asks a server granted the MOID for its configuration; `Data: {"MOID": moid}`. Fixed.
 */
export const CONFIG_REQUEST_ALERT_TYPE = 'urn:oma:at:dm:2.0:ConfigurationRequest';

/** Status of a SHOW whose browser launch failed (digest §3.7 RECOMMENDED DEFAULT 500). Fixed. */
export const SHOW_FAILED_STATUS = 500;

/** Status of an EXEC on a node without a registered executor (ours; 1.x "command not allowed"). Fixed. */
export const NOT_EXECUTABLE_STATUS = 405;

/**
 * Status of an H* command whose repository exchange failed (HTTP error or transport failure,
 * digest §2.6 INFERRED): the repository's 404 and 406 stay, everything else is 500. Fixed.
 */
export const REPOSITORY_FAILURE_STATUS = 500;

/**
 * Media type of the user's answer posted to a SHOW URL (the browser-to-web-server interface is out
 * of scope, digest §9): JSON `{"choice": string, "fields"?: {name: value}}`. Fixed.
 */
export const SHOW_ANSWER_MEDIA_TYPE = 'application/json';

/**
 * Leaves never serialized to a server (GET/HPUT/HPOST/SUB) because the DDF marks them "No Get":
 * DMAcc `Auth/Bootstrap/ClientSecretKey`, `Auth/Trsp/Secret`, `Auth/Noti/Secret`. Fixed.
 */
export const SECRET_LEAF_PATHS: readonly (readonly string[])[] = [
  ['Auth', 'Bootstrap', 'ClientSecretKey'],
  ['Auth', 'Trsp', 'Secret'],
  ['Auth', 'Noti', 'Secret'],
];

/** Package#0 timestamp window, seconds either side of the client's clock. Configurable. */
export const NOTIFICATION_WINDOW_S = 300;

/** NOTIFICATION-IDs remembered per client for duplicate detection (oldest forgotten first). Configurable. */
export const NOTIFICATION_MEMORY = 1024;

/**
 * Notification authentication policy (digest §7.3 vs issue #4): an account with `Auth/Noti/Secret`
 * requires a valid digest; an account without Noti credentials accepts unauthenticated
 * notifications (`when-configured`). `always` follows the digest's stricter reading. Configurable.
 */
export const NOTIFICATION_AUTH_POLICY = 'when-configured' as const;

/** DM package bodies accepted by the server glue, in bytes. Configurable. */
export const MAX_PACKAGE_BYTES = 1 << 20;

/**
 * Package#2s a client accepts in one session before aborting it (the protocol sets no limit;
 * ours guards against a server that never sends END). Configurable.
 */
export const MAX_SESSION_PACKAGES = 100;
