import { performance } from 'node:perf_hooks';
import { DeviceHostClient } from '../../src-main/device-host/device-host-client.js';
import { hostArgs } from '../../src-main/device-host/host-options.js';
import { nodeHostSpawner } from '../../src-main/device-host/node-host-spawner.js';
import type { StationBackend } from '../../src-main/ipc/backend.js';
import type { CallContext } from '../../src-main/ipc/gate.js';
import { createStation, inProcessBackend } from '../../src-main/station.js';
import { median, percentile, type BenchRow } from '../support/bench.js';

// What moving the station into the device-host child process costs: one contract call through
// the host (structured clone over the IPC channel, both ends zod-checked) against the same call
// on the in-process backend, measured side by side; plus host start-up and crash recovery.

const call: CallContext = { via: 'cli', clientId: 'bench', signal: new AbortController().signal };

async function latencies(backend: StationBackend, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 50; i++) {
    const start = performance.now();
    const result = await backend.dispatch('devices.list', undefined, call);
    const took = performance.now() - start;
    if (!result.ok) throw new Error(`devices.list failed: ${result.error.code}`);
    if (i >= 50) samples.push(took);
  }
  return samples;
}

export default async function bench(): Promise<BenchRow[]> {
  const args = hostArgs({ shell: 'web', serial: false, simulatedDevices: 8 });
  const station = await createStation({ shell: 'web', serial: false, simulatedDevices: 8 });
  const local = inProcessBackend(station);

  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const client = new DeviceHostClient({ spawn: nodeHostSpawner({ output: 'ignore' }), args });
    const start = performance.now();
    await client.start();
    starts.push(performance.now() - start);
    await client.close();
  }

  const recovered = new DeviceHostClient({ spawn: nodeHostSpawner({ output: 'ignore' }), args, restartDelayMs: 0 });
  await recovered.start();
  const recoveries: number[] = [];
  for (let i = 0; i < 5; i++) {
    const pid = recovered.pid!;
    const start = performance.now();
    process.kill(pid, 'SIGKILL');
    for (;;) {
      const result = await recovered.dispatch('devices.list', undefined, call);
      if (result.ok && recovered.pid !== pid) break;
    }
    recoveries.push(performance.now() - start);
  }

  const runs = 2000;
  const viaHost = await latencies(recovered, runs);
  const inProcess = await latencies(local, runs);
  await recovered.close();
  await station.close();

  const p50Host = median(viaHost);
  const p50Local = median(inProcess);
  return [
    { name: 'devices.list p50 via device host (8 devices)', value: p50Host, unit: 'ms', baseline: p50Local, ratio: p50Host / p50Local, goal: 'p50 <= 1 ms', pass: p50Host <= 1 },
    { name: 'devices.list p99 via device host', value: percentile(viaHost, 99), unit: 'ms', baseline: percentile(inProcess, 99), goal: 'p99 <= 16 ms (one frame)', pass: percentile(viaHost, 99) <= 16 },
    { name: 'device host cold start to ready (median of 5)', value: median(starts), unit: 'ms', goal: '<= 1000 ms', pass: median(starts) <= 1000 },
    { name: 'SIGKILL to next successful call on a new host (median of 5)', value: median(recoveries), unit: 'ms', goal: '<= 1500 ms', pass: median(recoveries) <= 1500 },
  ];
}
