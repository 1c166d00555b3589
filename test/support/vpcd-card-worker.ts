// Worker-thread entry: a FaultCard connected to vpcd, driven by messages from the test thread.
//
// The card must not share an event loop with the PC/SC client under test: the addon's synchronous
// calls (SCardListReaders, SCardStatus) can wait on pcscd while pcscd's vpcd driver waits for this
// card's answer, which deadlocks when both live on one thread.
import { parentPort, workerData } from 'node:worker_threads';
import { FaultCard, type FaultCardOptions, type FaultPlan } from './fault-card.js';
import { VpcdCard } from './vpcd-card.js';

/** A request from the test thread. */
export type VpcdWorkerRequest =
  | { readonly id: number; readonly op: 'insert' }
  | { readonly id: number; readonly op: 'remove' }
  | { readonly id: number; readonly op: 'faults'; readonly faults: FaultPlan }
  | { readonly id: number; readonly op: 'stats' };

const init = workerData as { socketPath: string; options: FaultCardOptions };
const card = new FaultCard(init.options);
const vpcd = new VpcdCard(card, init.socketPath);

parentPort!.on('message', (request: VpcdWorkerRequest) => {
  const reply = (value: unknown): void => parentPort!.postMessage({ id: request.id, value });
  switch (request.op) {
    case 'insert':
      vpcd.insert().then(
        () => reply('inserted'),
        (error: unknown) => reply({ error: String(error) }),
      );
      return;
    case 'remove':
      vpcd.remove();
      reply('removed');
      return;
    case 'faults':
      card.faults = request.faults;
      reply('ok');
      return;
    case 'stats':
      reply({ apduCount: card.apduCount, present: card.isPresent });
      return;
    default:
      reply({ error: 'unknown op' });
  }
});
