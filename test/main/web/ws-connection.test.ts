import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../../../src-shared/errors/index.js';
import { createStation, inProcessBackend, type Station } from '../../../src-main/station.js';
import { startWebStation, type WebStation } from '../../../src-main/web/web-station.js';
import { connect, type TestClient } from './ws-test-client.js';

let station: Station;
let web: WebStation;
let client: TestClient;

beforeAll(async () => {
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1, reportUnexpected: () => undefined });
  web = await startWebStation({ backend: inProcessBackend(station), rendererDir: 'out/renderer' });
  client = await connect(web.origin, { token: web.token });
});

afterAll(async () => {
  client.ws.close();
  await web.close();
  await station.close();
});

/** Frames a hostile or buggy client might send: random text, random JSON, near-miss invokes. */
const frame = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.record({
    type: fc.constantFrom('invoke', 'result', 'event', 'refused', 'INVOKE'),
    id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string(), fc.constant(null)),
    name: fc.oneof(fc.constantFrom('devices.list', 'station.info', 'simulator.attach', 'simulator.detach', '__proto__', 'constructor', 'toString'), fc.string()),
    input: fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.record({ label: fc.oneof(fc.string(), fc.integer()) }), fc.record({ deviceId: fc.string() })),
  }).map((m) => JSON.stringify(m)),
);

describe('WebSocket frames (fuzz)', () => {
  it('answers every frame with a well-formed result and never drops the client', async () => {
    const frames = fc.sample(frame, { numRuns: 400, seed: 20261124 });
    const before = client.messages.filter((m) => m.type === 'result').length;
    for (const text of frames) client.ws.send(text);
    // One answer per frame: a result (ok or a typed error), plus one for a final good invoke.
    await client.invoke(999_999_999, 'devices.list');
    await expect.poll(() => client.messages.filter((m) => m.type === 'result').length - before).toBeGreaterThanOrEqual(frames.length + 1);
    const results = client.messages.filter((m) => m.type === 'result').slice(before);
    expect(results).toHaveLength(frames.length + 1);
    for (const r of results) {
      if (r.type === 'result' && !r.envelope.ok) expect(isErrorCode(r.envelope.error.code)).toBe(true);
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(client.messages.some((m) => m.type === 'refused')).toBe(false);
  });
});
