import { useEffect, useId, useState } from 'react';
import { MASK, type TreeRow } from '../../../src-shared/tree/tree-schema.js';
import { valueProblem } from '../../../src-shared/tree/value-rules.js';

/** Props of {@link NodeEditor}. */
export interface NodeEditorProps {
  readonly row: TreeRow;
  /** The value pending for this node, if any. */
  readonly pending: string | undefined;
  readonly onStage: (value: string) => void;
  readonly onUnstage: () => void;
}

/** The input that fits a DDF format. */
function FormatInput({ row, id, value, invalid, describedBy, onChange }: { readonly row: TreeRow; readonly id: string; readonly value: string; readonly invalid: boolean; readonly describedBy: string; readonly onChange: (v: string) => void }) {
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy };
  if (row.masked) return <input {...common} type="password" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />;
  switch (row.format) {
    case 'bool':
      return (
        <input {...common} type="checkbox" role="switch" checked={value === 'true'} aria-checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />
      );
    case 'int':
    case 'float':
      return <input {...common} type="text" inputMode={row.format === 'int' ? 'numeric' : 'decimal'} className="mono" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <input {...common} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'time':
      return <input {...common} type="text" placeholder="hh:mm:ss" className="mono" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'bin':
    case 'b64':
    case 'xml':
      return <textarea {...common} className="mono" rows={4} value={value} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input {...common} type="text" value={value} onChange={(e) => onChange(e.target.value)} />;
  }
}

/**
 * A DDF-typed editor for one leaf: number, boolean switch, text, base64, date and time, with the
 * value checked inline by the same rules the station applies. Secrets take a new value and never
 * show the current one. "Stage" adds the change to the pending change set; nothing is written yet.
 */
export function NodeEditor({ row, pending, onStage, onUnstage }: NodeEditorProps) {
  const id = useId();
  const start = pending ?? (row.masked ? '' : (row.value ?? ''));
  const [draft, setDraft] = useState(start);
  useEffect(() => setDraft(pending ?? (row.masked ? '' : (row.value ?? ''))), [row.uri, row.value, row.masked, pending]);
  const problem = valueProblem(row.format, draft);
  const unchanged = !row.masked && draft === (row.value ?? '') && pending === undefined;
  const label = row.format === 'bool' ? `${row.name} (on/off)` : row.masked ? `New ${row.name} (write-only)` : `${row.name} (${row.format})`;
  return (
    <form
      className="form node-editor"
      aria-label={`Edit ${row.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (problem === undefined && !unchanged) onStage(draft);
      }}
    >
      {row.masked && <p className="muted">Secret: the current value is never read from the device ({MASK}). Type a new value to replace it.</p>}
      <label htmlFor={id}>{label}</label>
      <FormatInput row={row} id={id} value={draft} invalid={problem !== undefined} describedBy={`${id}-hint`} onChange={setDraft} />
      <p id={`${id}-hint`} className={problem === undefined ? 'muted' : 'field-error'} role={problem === undefined ? undefined : 'status'}>
        {problem === undefined ? `Format ${row.format}${row.access.length > 0 ? `, access ${row.access.join(' ')}` : ''}` : `Invalid: ${problem}`}
      </p>
      <div className="toolbar">
        <button type="submit" disabled={problem !== undefined || unchanged}>
          Stage change
        </button>
        {pending !== undefined && (
          <button type="button" className="button-secondary" onClick={onUnstage}>
            Discard change
          </button>
        )}
      </div>
    </form>
  );
}
