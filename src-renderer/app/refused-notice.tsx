import type { SerializedError } from '../../src-shared/errors/index.js';
import { messageFor } from '../lib/error-messages.js';

/** Full-page state shown when the station refuses this page (no or wrong token, foreign origin). */
export function RefusedNotice({ error }: { readonly error: SerializedError }) {
  const text = messageFor(error.code);
  return (
    <section className="refused" role="alert" aria-labelledby="refused-title">
      <h2 id="refused-title">{text.title}</h2>
      <p>{error.message}.</p>
      <p>{text.description}</p>
      <p className="refused-action">{text.action}</p>
    </section>
  );
}
