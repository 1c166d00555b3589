/**
 * `DmServer`: the server engine as one object — the HTTP handler plus the calls a server app
 * makes between sessions (queue commands, notify a device). Several instances may share one
 * `SessionStore` (e.g. two processes behind one URL).
 */
import type { HttpHandler } from '../../../ports/http.js';
import type { DmCommand } from '../packages/commands.js';
import type { Sha256 } from '../package0.js';
import { handleDmRequest, sessionUrl, type DmServerDeps } from './dm-server.js';
import { enqueueCommands } from './server-records.js';
import { notifyDevice, type NotifyOptions } from './server-notify.js';

/** What a {@link DmServer} needs: the HTTP glue's dependencies plus SHA-256 for Package#0. */
export interface DmServerInit extends DmServerDeps {
  readonly sha256: Sha256;
}

/** One DM server engine instance; see the module comment. */
export class DmServer {
  constructor(readonly init: DmServerInit) {}

  /** The HTTP handler for the entry URL and its session URLs (`<entry>/s/<token>`). Never rejects. */
  readonly handler: HttpHandler = (request, peer) => handleDmRequest(request, peer, this.init);

  /** Queues commands for the device's next Package#2 (visible to every server sharing the store). */
  enqueue(devId: string, commands: readonly DmCommand[]): Promise<void> {
    return enqueueCommands(this.init.store, devId, commands);
  }

  /** Builds the Package#0 asking `devId` to open a session, and marks the device NOTIFIED. */
  notify(devId: string, options: NotifyOptions = {}): Promise<{ readonly bytes: Uint8Array; readonly notificationId: number }> {
    const { config, store, clock, random, sha256 } = this.init;
    return notifyDevice({ serverId: config.serverId, store, clock, random, sha256 }, devId, options);
  }

  /** The CONT URL of a session of this server. */
  sessionUrl(sessionId: string): string {
    return sessionUrl(this.init.config, sessionId);
  }
}
