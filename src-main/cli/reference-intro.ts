import { EXIT } from './io.js';
import { FACT_ENV } from '../hooks/hook-types.js';

/** Facts hooks receive, as documented in the reference. */
const FACT_DOCS: { readonly [K in keyof typeof FACT_ENV]: string } = {
  slot: 'the physical port: tty path, `usb:…`, `sim-1`',
  deviceId: "the station's device id",
  devId: 'the DM DevID (`IMEI:…`), from a run',
  imei: 'IMEI the handset reported',
  imsi: 'IMSI',
  iccid: 'ICCID of the SIM or card',
  model: 'model the handset reported',
  manufacturer: 'manufacturer',
  serialNumber: 'serial number',
  transport: '`serial`, `usb`, `pcsc`, `simulated`, …',
  runId: 'run id (success/failure)',
  errorCode: 'ProvisioningError code (failure)',
  errorMessage: 'error message (failure)',
};

/** The hand-written part of docs/cli.md, kept next to the code it describes. */
export const CLI_REFERENCE_INTRO = `
\`bootbench\` is the command line of Bootbench: the same services as the desktop app, for scripts
and production lines. Install notes per OS: [Linux](install-linux.md), [Windows](install-windows.md),
[macOS](install-macos.md).

## Conventions

- **\`--json\`**: machine-readable output on stdout, one JSON document per line. Errors are
  \`{"ok":false,"error":{"code":…,"message":…,"retryable":…}}\`. Without \`--json\` output is for people.
- **Exit codes** (\`src-main/cli/io.ts\`): ${EXIT.ok} success; ${EXIT.deviceFailure} the device, card or server said no or failed
  (retry may help); ${EXIT.badInput} bad input (usage, arguments, malformed files); ${EXIT.notFound} something needed is absent
  (device, reader, file); ${EXIT.internal} internal error.
- **Progress bar**: long commands (\`bootstrap\`, \`run\`, \`card write\`, \`audit verify\`) draw a bar on
  stderr when stderr is a terminal and \`--json\` is not given. Piped output never has one;
  \`BOOTBENCH_NO_PROGRESS=1\` turns it off on a terminal too.
- **Secrets** never appear in arguments (\`ps\` shows them): keys come from an environment variable
  named by \`--credential-key-env\`, PINs from \`--pin-file\`.

## Hooks

\`devices watch\`, \`run\`, \`serve\` and \`start\` (the desktop app) run a command of yours when a
device is attached or detached and when provisioning it succeeded or failed, like a line controller
expects (label printers, MES uploads, stack lights). Give \`--on-attach <cmd>\`, \`--on-detach <cmd>\`, \`--on-success <cmd>\`,
\`--on-failure <cmd>\`, or put them in \`hooks.json\` in the station data directory
(\`--data-dir\`, \`$BOOTBENCH_DATA_DIR\`, default \`~/.local/share/bootbench\`); an option overrides the file
for its event:

\`\`\`json
{ "onAttach": "/opt/line/print-label.sh", "onFailure": "/opt/line/red-light.sh", "timeoutMs": 10000 }
\`\`\`

The command runs through the system shell exactly as written. Device facts reach it **only** as
environment variables, never inside the command line, so nothing a device reports can inject a
command. Facts the station does not know are unset.

| Variable | Meaning |
| --- | --- |
| \`BOOTBENCH_EVENT\` | \`attach\`, \`detach\`, \`success\` or \`failure\` |
${(Object.keys(FACT_ENV) as (keyof typeof FACT_ENV)[]).map((k) => `| \`${FACT_ENV[k]}\` | ${FACT_DOCS[k]} |`).join('\n')}

A hook runs with a timeout (\`--hook-timeout-ms\`, default 10 s; the whole process group is killed),
its output is captured, and a failing, hanging or missing hook is reported on stderr (with \`--json\`
every hook run is a \`{"event":"hook",…}\` line on stderr) but never stops the station. Hooks of one
slot run in event order; different slots run in parallel. The environment a hook inherits has
secrets removed: variables whose names contain KEY, SECRET, TOKEN, PASSW(ORD), PIN, CREDENTIAL,
database URLs, \`PG*\`, the variable named by \`--credential-key-env\`, and inherited \`BOOTBENCH_*\`
variables (only the facts above are set). \`attach\` fires once per
device, when identification has settled (so \`BOOTBENCH_IMEI\` is there for a handset that answers AT).
In \`serve\` and the desktop app the hooks run in the device host, the process that owns the ports
and readers, once per event (\`serve --in-process\` runs them itself); see [hooks.md](hooks.md).

## Shell completion

\`bootbench completion bash|zsh|fish\` prints a completion script generated from the same command
table as this reference (see [\`bootbench completion\`](#bootbench-completion)).
`;
