import { useId, useMemo, useRef, useState } from 'react';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { CodeEditor, type CodeEditorHandle } from './code-editor.js';
import { IssueList } from './issue-list.js';
import { useValidation } from './use-validation.js';

/** Props of {@link ProfileEditor}. */
export interface ProfileEditorProps {
  /** The library name the text is saved under. */
  readonly name: string;
  /** The text of the version opened (the editor starts from it; re-mount with a `key` to reset). */
  readonly initialText: string;
  /** What is open, for the heading (e.g. `2026.11-1 · sha256:ab12…`). */
  readonly openedLabel: string;
  readonly onSaved: (saved: Output<'profiles.save'>) => void;
}

/** Edits a profile as text with inline validation (debounced) and saves it as a new version (the parent opens it). */
export function ProfileEditor({ name, initialText, openedLabel, onSaved }: ProfileEditorProps) {
  const bridge = useBridge();
  const ids = useId();
  const editor = useRef<CodeEditorHandle>(null);
  const [text, setText] = useState(initialText);
  const { result, pending } = useValidation(text);
  const save = useAction();
  const errorLines = useMemo(() => new Set((result?.ok === false ? result.issues : []).flatMap((i) => (i.line === undefined ? [] : [i.line]))), [result]);
  const canSave = result?.ok === true && !pending && !save.busy && text !== initialText;

  const submit = async () => {
    const value = await save.run(() => bridge.call('profiles.save', { name, text }));
    if (value !== undefined) onSaved(value);
  };

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>
        Edit <span className="mono">{name}</span> <span className="muted">({openedLabel})</span>
      </h3>
      <CodeEditor ref={editor} value={text} onChange={setText} label={`Profile ${name} (YAML or JSON)`} errorLines={errorLines} describedBy={`${ids}-issues`} invalid={result?.ok === false} />
      <IssueList id={`${ids}-issues`} validation={result} pending={pending} onJump={(line, column) => editor.current?.jumpTo(line, column)} />
      <div className="toolbar">
        <button type="button" onClick={() => void submit()} disabled={!canSave}>
          Save as new version
        </button>
        <button type="button" className="button-secondary" onClick={() => setText(initialText)} disabled={text === initialText}>
          Revert
        </button>
      </div>
      {save.error !== undefined && <ErrorNotice error={save.error} onDismiss={save.clearError} />}
    </section>
  );
}
