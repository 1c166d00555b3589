/**
 * Where each CLI command is tested: a success case, a bad-input case and, for commands that
 * touch a device (handset on a serial line, card in a reader, DM peer), a device-failure case.
 * A reference is a test file and a literal its source must contain (a test title, or the row of
 * an `it.each` table). `n/a:` with a reason is allowed for device failure only, and only with the
 * reason written down. test/cli/coverage.test.ts fails for a command of the table
 * (src-main/cli/program.ts) missing here, a missing case, or a reference that does not resolve.
 */
export type CaseRef = readonly [file: string, contains: string];

export interface CommandCoverage {
  readonly success: CaseRef;
  readonly badInput: CaseRef;
  /** Required when the command touches a device; `n/a: <reason>` where failing is not its job. */
  readonly deviceFailure?: CaseRef | `n/a: ${string}`;
}

const C = 'test/main/cli/commands/';
const M = 'test/cli/matrix.test.ts';
const H = 'test/cli/hooks.test.ts';
const T = 'test/main/tree/tree-cli.test.ts';

export const CLI_COVERAGE: Readonly<Record<string, CommandCoverage>> = {
  start: {
    success: [`${C}start.test.ts`, 'falls back to the web station from the real command on this machine'],
    badInput: [M, 'start: a bad --port is refused before anything starts'],
    deviceFailure: 'n/a: start hosts the station; device failures are per run, reported in the UI (test/main/runs, test/e2e)',
  },
  serve: {
    success: [`${C}serve.test.ts`, 'serves the contract until SIGTERM, then exits 0'],
    badInput: [`${C}serve.test.ts`, 'refuses bad options %j with exit 2 and a typed JSON error'],
    deviceFailure: [H, 'serve: hooks.json in the data dir runs the attach hook for the simulated handset; a failing hook does not stop the station'],
  },
  'devices list': {
    success: [`${C}devices.test.ts`, 'lists the built-in simulated handset as schema-valid JSON'],
    badInput: [`${C}devices.test.ts`, 'exits 2 on bad usage'],
    deviceFailure: 'n/a: listing only reports what is attached; a port that fails identification is listed as unknown',
  },
  'devices watch': {
    success: [H, 'devices watch: attach with the IMEI the handset reported, detach when its port goes away'],
    badInput: [H, 'refuses a bad --hook-timeout-ms with exit 2'],
    deviceFailure: [H, 'detach when its port goes away'],
  },
  bootstrap: {
    success: [`${C}bootstrap.test.ts`, 'bootstraps a simulated handset on a pty and prints JSON progress and the result'],
    badInput: [`${C}bootstrap.test.ts`, 'refuses a malformed description with exit 2 before touching the port'],
    deviceFailure: [M, 'bootstrap: a handset that hangs up mid-session is a device failure'],
  },
  run: {
    success: [`${C}run.test.ts`, 'provisions two simulated handsets on ptys at once, then reports them already done'],
    badInput: [`${C}run.test.ts`, 'refuses bad input with exit 2 before opening a port'],
    deviceFailure: [H, 'run: success hook with the DevID and IMEI of the provisioned handset, failure hook with the error code'],
  },
  sim: {
    success: [M, 'sim: runs a handset on a pty until SIGTERM (exit 0)'],
    badInput: [M, "['sim', ['sim', '--port', '/dev/null', '--fault', 'corrupt=7']]"],
    deviceFailure: [M, 'a missing port is DEVICE_NOT_FOUND (exit 3)'],
  },
  'card list': {
    success: [`${C}card.test.ts`, 'lists readers'],
    badInput: [`${C}card.test.ts`, 'maps bad input and missing readers to exit codes 2 and 3'],
    deviceFailure: 'n/a: list reports the readers there are; an absent card is a row, not a failure',
  },
  'card read': {
    success: [`${C}card.test.ts`, 'writes with a trace, reads back, verifies, and opensc-tool sees the DMB2 header'],
    badInput: [`${C}card.test.ts`, "expect((await runCliCaptured(['card', 'read', '--json'])).code).toBe(2);"],
    deviceFailure: [`${C}card.test.ts`, "runCliCaptured(['card', 'read', '--reader', 'No Such Reader', '--json'])"],
  },
  'card write': {
    success: [`${C}card.test.ts`, 'writes with a trace, reads back, verifies, and opensc-tool sees the DMB2 header'],
    badInput: [`${C}card.test.ts`, "['card', 'write', '--reader', VICC_READER, '--bootstrap', bad, '--data-dir', dir]"],
    deviceFailure: [`${C}card.test.ts`, 'refuses to present a code when the card gives no retry counter'],
  },
  'card verify': {
    success: [`${C}card.test.ts`, 'works as the built binary in a child process pointed at the lab pcscd'],
    badInput: [`${C}card.test.ts`, 'verify refuses a station profile'],
    deviceFailure: [`${C}card.test.ts`, 'accepts --profile as an alias and reports a differing card'],
  },
  'card lot-reset': {
    success: [M, 'card lot-reset reopens a lot'],
    badInput: [M, "['card lot-reset', ['card', 'lot-reset', '--lot', '../escape'"],
  },
  'ca init': {
    success: [M, 'ca init creates an EC CA; ca status shows it'],
    badInput: [`${C}ca.test.ts`, 'missing passphrase, bad arguments and a second init are bad input (exit 2)'],
  },
  'ca import': {
    success: [`${C}ca.test.ts`, 'import accepts a PKCS#12 CA made by openssl into a fresh data dir'],
    badInput: [M, "['ca import', ['ca', 'import', 'junk'"],
  },
  'ca rotate': {
    success: [`${C}ca.test.ts`, 'rotate retires the old CA; export keeps both anchors'],
    badInput: [M, "['ca rotate', ['ca', 'rotate', '--rsa', '512'"],
  },
  'ca issue': {
    success: [`${C}ca.test.ts`, 'issue --csr writes a certificate openssl verifies against the exported anchors'],
    badInput: [`${C}ca.test.ts`, 'missing passphrase, bad arguments and a second init are bad input (exit 2)'],
  },
  'ca export': {
    success: [`${C}ca.test.ts`, 'export --p12 backs up the new CA'],
    badInput: [M, "['ca export', ['ca', 'export', '--p12', 'out.p12'"],
  },
  'ca status': {
    success: [`${C}ca.test.ts`, 'status --json shows the active EC CA'],
    badInput: [M, "['ca status', ['ca', 'status', '--json', 'extra'], 'too many arguments']"],
  },
  'ca issued': {
    success: [`${C}ca.test.ts`, 'issued lists the registry; --help shows examples'],
    badInput: [M, "['ca issued', ['ca', 'issued', '--device-id']"],
  },
  'cert inspect': {
    success: [`${C}cert.test.ts`, 'inspect prints a chain in human form; all checks pass → exit 0'],
    badInput: [`${C}cert.test.ts`, 'a refusal is exit 2 (CERT_INVALID / AUTH_FAILED)'],
  },
  'profile validate': {
    success: [`${C}profile.test.ts`, 'validate: the samples pass (exit 0) with their hashes'],
    badInput: [`${C}profile.test.ts`, 'validate: a bad file exits 2 and names file:line:col and the JSON pointer'],
  },
  'profile diff': {
    success: [`${C}profile.test.ts`, 'diff: lists changes by pointer; identical content reports none'],
    badInput: [M, "['profile diff', ['profile', 'diff', 'junk', 'junk', '--json']]"],
  },
  'profile approve': {
    success: [`${C}profile.test.ts`, 'approve: stores the version and signs its hash with the station CA'],
    badInput: [`${C}profile.test.ts`, 'approve: refuses without a passphrase, with a wrong one, and an invalid profile'],
  },
  'profile show': {
    success: [`${C}profile.test.ts`, 'show lists the approval'],
    badInput: [M, "['profile show', ['profile', 'show', 'junk', '--json']]"],
  },
  'profile plan': {
    success: [`${C}profile.test.ts`, 'prints the plan and diff of a sample profile'],
    badInput: [`${C}profile.test.ts`, 'refuses a device outside the target, and a plan the flow cannot honour, with exit 2'],
  },
  'audit verify': {
    success: [`${C}audit.test.ts`, 'verify: an intact log exits 0'],
    badInput: [M, "['audit verify', ['audit', 'verify', '--expect', 'seven:beef', '--json']]"],
  },
  'audit export': {
    success: [`${C}audit.test.ts`, 'export --csv: a header and one row per entry'],
    badInput: [`${C}audit.test.ts`, 'exactly one format is required'],
  },
  'audit stats': {
    success: [`${C}audit.test.ts`, 'stats: yield per profile/model/station and the failure Pareto'],
    badInput: [M, "['audit stats', ['audit', 'stats', 'extra'], 'too many arguments']"],
  },
  'dm-server': {
    success: [`${C}dm-server.test.ts`, 'serve a scripted two-round session with Digest auth'],
    badInput: [`${C}dm-server.test.ts`, 'refuses a bad configuration with exit code 2 and the place of the problem'],
    deviceFailure: [`${C}dm-client.test.ts`, 'fails with AUTH_FAILED (exit 1) when its own certificate is refused'],
  },
  'dm-client': {
    success: [`${C}dm-client.test.ts`, 'runs one session over HTTPS with a client certificate and prints JSON trace lines'],
    badInput: [`${C}dm-client.test.ts`, 'rejects bad input with exit 2'],
    deviceFailure: [`${C}dm-client.test.ts`, 'reports an aborted session (HTTP 4xx) with exit 1'],
  },
  'ddf validate': {
    success: [`${C}ddf.test.ts`, 'validate: valid files exit 0 and say so'],
    badInput: [`${C}ddf.test.ts`, 'validate: an invalid file exits 2 with file:line: messages on stderr'],
  },
  'ddf show': {
    success: [`${C}ddf.test.ts`, 'show --json prints the typed model'],
    badInput: [`${C}ddf.test.ts`, 'show: invalid input exits 2 with a line-numbered error; missing exits 3'],
  },
  'ddf standard': {
    success: [M, 'ddf standard lists the shipped MO descriptions'],
    badInput: [M, "['ddf standard', ['ddf', 'standard', '--out', 'junk', '--json']]"],
  },
  'uri resolve': {
    success: [`${C}uri.test.ts`, '--json prints the concrete ClientURIs and leaf values'],
    badInput: [`${C}uri.test.ts`, 'exits 2 for a bad ClientURI, an ambiguous empty mo-inst and bad tree files'],
  },
  'tree dump': {
    success: [T, 'dump --json is a whole tree (schema-checked)'],
    badInput: [M, "['tree dump', ['tree', 'dump', '--json'],"],
    deviceFailure: [T, "(await runCliCaptured(['tree', 'dump', '--port', join(dir, 'no-such-port')])).code).toBe(3)"],
  },
  'tree get': {
    success: [T, 'get prints a value, a subtree, or JSON'],
    badInput: [T, "expect((await tree('get', 'not a uri//?&')).code).toBe(2);"],
    deviceFailure: [T, "expect((await tree('get', `${APN_MOID}/nosuch/Name`)).code).toBe(3);"],
  },
  'tree set': {
    success: [T, 'set shows the diff, applies it and reads the new value back from the device'],
    badInput: [T, "const badValue = await tree('set', MTU, 'lots', '--json');"],
    deviceFailure: [T, "const readOnly = await tree('set', 'urn:oma:mo:oma-dm-devinfo:1.2/di/Lang', 'de-DE');"],
  },
  'tree diff': {
    success: [T, 'diff against a file: identical → 0, differences listed → 1'],
    badInput: [M, "['tree diff', ['tree', 'diff', 'tree.json', '--json'],"],
    deviceFailure: [T, 'differences listed → 1'],
  },
  completion: {
    success: ['test/cli/completion.test.ts', 'prints a script bash accepts (bash -n)'],
    badInput: ['test/cli/completion.test.ts', 'refuses an unknown shell with exit 2'],
  },
  reference: {
    success: [M, 'reference prints Markdown with every group'],
    badInput: [M, "['reference', ['reference', '--bogus'], \"unknown option '--bogus'\"]"],
  },
};

/** Commands that touch a device (serial line, card reader, DM peer) and so need a device-failure case. */
export const TOUCHES_DEVICE: ReadonlySet<string> = new Set(['start', 'serve', 'devices list', 'devices watch', 'bootstrap', 'run', 'sim', 'card list', 'card read', 'card write', 'card verify', 'dm-server', 'dm-client', 'tree dump', 'tree get', 'tree set', 'tree diff']);
