import { useEffect, useState } from 'react';
import type { InteractionPrompt } from '../../../src-shared/ipc/areas/interaction.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { useAction } from '../../lib/use-action.js';
import { PromptDialog } from './prompt-dialog.js';
import './interaction.css';

const OUTCOME = { answered: 'Answer sent to', cancelled: 'Dismissed the request from', expired: 'Nobody answered in time the request from', failed: 'Could not deliver the answer to', pending: '' } as const;

/** What a settled prompt says in the status line. */
export function settledText(p: InteractionPrompt): string {
  return `${OUTCOME[p.state]} ${p.serverId}${p.state === 'failed' && p.reason !== undefined ? `: ${p.reason}` : ''}.`;
}

/** SHOW prompts from DM servers, shown over any view until answered. */
export function InteractionPrompts() {
  const bridge = useBridge();
  const [pending, setPending] = useState<InteractionPrompt[]>([]);
  const [status, setStatus] = useState('');
  const action = useAction();

  useEffect(() => {
    let live = true;
    const add = (p: InteractionPrompt) => setPending((ps) => (ps.some((x) => x.id === p.id) ? ps : [...ps, p]));
    const offRequested = bridge.on('interaction.requested', add);
    const offSettled = bridge.on('interaction.settled', (p) => {
      setPending((ps) => ps.filter((x) => x.id !== p.id));
      setStatus(settledText(p));
    });
    bridge.call('interaction.list', undefined).then(
      (list) => {
        if (live) for (const p of list) if (p.state === 'pending') add(p);
      },
      () => undefined, // a station without prompts yet (or reconnecting): events bring them
    );
    return () => {
      live = false;
      offRequested();
      offSettled();
    };
  }, [bridge]);

  const current = pending[0];
  const settle = (p: InteractionPrompt | undefined) => {
    if (p === undefined) return;
    setPending((ps) => ps.filter((x) => x.id !== p.id));
    setStatus(settledText(p));
  };
  return (
    <>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="interaction-status">
        {status}
      </div>
      {current !== undefined && (
        <PromptDialog
          key={current.id}
          prompt={current}
          more={pending.length - 1}
          action={action}
          onAnswer={(choice, fields) => void action.run(() => bridge.call('interaction.answer', { id: current.id, choice, ...(Object.keys(fields).length === 0 ? {} : { fields }) })).then(settle)}
          onDismiss={() => void action.run(() => bridge.call('interaction.cancel', { id: current.id })).then(settle)}
        />
      )}
    </>
  );
}
