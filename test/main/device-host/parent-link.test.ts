import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { openParentLink } from '../../../src-main/device-host/parent-link.js';

// The Node (fork) branch is exercised by the integration tests with the real child; here the
// Electron utility-process branch, with a stand-in `process.parentPort`.

const holder = process as { parentPort?: unknown };
afterEach(() => {
  delete holder.parentPort;
});

describe('openParentLink', () => {
  it('uses Electron’s parentPort when present and unwraps MessageEvent.data', () => {
    const posted: unknown[] = [];
    const port = Object.assign(new EventEmitter(), { postMessage: (m: unknown) => void posted.push(m) });
    holder.parentPort = port;
    const link = openParentLink(() => undefined)!;
    const received: unknown[] = [];
    link.onMessage((raw) => received.push(raw));
    port.emit('message', { data: { type: 'shutdown' }, ports: [] });
    link.send({ type: 'ready', pid: 7 });
    expect(received).toEqual([{ type: 'shutdown' }]);
    expect(posted).toEqual([{ type: 'ready', pid: 7 }]);
  });
});
