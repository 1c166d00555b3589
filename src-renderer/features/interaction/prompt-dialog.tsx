import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { InteractionPrompt } from '../../../src-shared/ipc/areas/interaction.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { trapTab } from '../../lib/focus-trap.js';
import type { ActionState } from '../../lib/use-action.js';

/**
 * One SHOW prompt as a modal dialog: the server's question, its fields and one button per choice.
 * Focus moves in on open, Tab stays inside, Escape dismisses (nothing is sent to the server), and
 * focus returns to where it was when the dialog closes.
 */
export function PromptDialog({ prompt, more, action, onAnswer, onDismiss }: { readonly prompt: InteractionPrompt; readonly more: number; readonly action: ActionState; readonly onAnswer: (choice: string, fields: Record<string, string>) => void; readonly onDismiss: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const titleId = `prompt-title-${prompt.id}`;
  const questionId = `prompt-question-${prompt.id}`;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.querySelector<HTMLElement>('input, button')?.focus();
    return () => previous?.focus();
  }, [prompt.id]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDismiss();
      return;
    }
    trapTab(e, box.current);
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const choice = submitter instanceof HTMLButtonElement && submitter.value !== '' ? submitter.value : prompt.choices[0]!;
    onAnswer(choice, fields);
  };

  return (
    <div className="prompt-backdrop">
      <div ref={box} className="prompt-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={questionId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{prompt.title}</h2>
        <p className="muted prompt-origin">
          {prompt.slot === undefined ? 'A device' : `The device in ${prompt.slot}`} was asked by {prompt.serverId} ({prompt.serverOrigin}).
        </p>
        <p id={questionId} className="prompt-question">
          {prompt.question}
        </p>
        <form onSubmit={submit} aria-label="Answer">
          {prompt.fields.map((f) => (
            <label key={f.name} className="prompt-field">
              <span>{f.label}</span>
              <input
                type={f.kind}
                name={f.name}
                autoComplete="off"
                value={fields[f.name] ?? ''}
                onChange={(e) => setFields({ ...fields, [f.name]: e.target.value })}
              />
            </label>
          ))}
          {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
          <div className="toolbar prompt-actions">
            {prompt.choices.map((c) => (
              <button key={c} type="submit" value={c} disabled={action.busy}>
                {c}
              </button>
            ))}
            <button type="button" className="button-secondary" onClick={onDismiss} disabled={action.busy}>
              Dismiss
            </button>
          </div>
        </form>
        <p className="muted prompt-deadline">
          Answer by <time dateTime={new Date(prompt.deadlineMs).toISOString()}>{new Date(prompt.deadlineMs).toLocaleTimeString()}</time>
          {more > 0 ? ` · ${more} more waiting` : ''}
        </p>
      </div>
    </div>
  );
}
