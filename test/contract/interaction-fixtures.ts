import type { Input } from '../../src-shared/ipc/contract.js';
import { ShowEndpoint } from '../../src-shared/protocol/dm/session/show.js';
import { stationInteraction } from '../../src-main/areas/interaction.js';
import { nodeRandom } from '../../src-main/dm/dm-server-host.js';
import { startDmHttpServer, type DmHttpServer } from '../../src-main/dm/http-server.js';
import type { Station } from '../../src-main/station.js';

let web: DmHttpServer | undefined;
const ids: string[] = [];

/**
 * Raises two real SHOW prompts in the station (a ShowEndpoint on loopback serves the pages and
 * takes the answer), through the UserInteraction port a station-hosted handset engine gets.
 */
export async function prepareInteractionFixtures(station: Station): Promise<void> {
  const holder: { endpoint?: ShowEndpoint } = {};
  web = await startDmHttpServer({ handler: (r, p) => holder.endpoint!.handler(r, p) });
  const endpoint = new ShowEndpoint({ baseUrl: `${web.url}/ui`, random: nodeRandom, onAnswer: () => undefined });
  holder.endpoint = endpoint;
  const service = stationInteraction(station.services);
  if (service === undefined) throw new Error('the station has no interaction area');
  const port = service.port({ slot: 'sim-1' });
  for (const question of ['Answer me', 'Dismiss me']) {
    const shown = await port.show({ url: endpoint.open({ title: 'Contract', question, choices: ['Yes', 'No'] }), serverId: 'contract-dms' });
    if (shown !== 'launched') throw new Error('the contract SHOW page was not shown');
  }
  ids.push(...service.list().map((p) => p.id));
}

/** Stops the pages' server. */
export async function closeInteractionFixtures(): Promise<void> {
  await web?.close();
}

/** Contract fixtures of the interaction area: list, answer the first prompt, cancel the second. */
export function interactionFixtures(): { readonly [C in 'interaction.list' | 'interaction.answer' | 'interaction.cancel']: (station: Station) => readonly Input<C>[] } {
  return {
    'interaction.list': () => [undefined],
    'interaction.answer': () => ids.slice(0, 1).map((id) => ({ id, choice: 'Yes' })),
    'interaction.cancel': () => ids.slice(1, 2).map((id) => ({ id })),
  };
}
