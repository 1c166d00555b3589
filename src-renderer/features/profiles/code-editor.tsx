import { useImperativeHandle, useRef, type Ref } from 'react';

/** What a parent can do with the editor: put the caret on a line and column. */
export interface CodeEditorHandle {
  jumpTo(line: number, column: number): void;
}

/** Props of {@link CodeEditor}. */
export interface CodeEditorProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly label: string;
  /** 1-based lines with a problem (marked in the gutter). */
  readonly errorLines?: ReadonlySet<number>;
  /** Id of the element describing the problems. */
  readonly describedBy?: string;
  readonly invalid?: boolean;
  readonly ref?: Ref<CodeEditorHandle>;
}

/** The character offset of a 1-based line and column in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i]!.length + 1;
  const current = lines[Math.min(line, lines.length) - 1] ?? '';
  return offset + Math.min(Math.max(column - 1, 0), current.length);
}

/**
 * A plain-text code editor: a monospace textarea with a line-number gutter that scrolls with it.
 * Tab moves the focus as everywhere else (keyboard users are not trapped).
 */
export function CodeEditor({ value, onChange, label, errorLines, describedBy, invalid, ref }: CodeEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => ({
    jumpTo(line, column) {
      const ta = area.current;
      if (ta === null) return;
      const at = offsetOf(ta.value, line, column);
      ta.focus();
      ta.setSelectionRange(at, at);
      const lineHeight = Number.parseFloat(getComputedStyle(ta).lineHeight) || 20;
      ta.scrollTop = Math.max(0, (line - 3) * lineHeight);
    },
  }));
  const count = value.split('\n').length;
  return (
    <div className="code-editor">
      <div className="code-gutter mono" aria-hidden="true" ref={gutter}>
        {Array.from({ length: count }, (_, i) => (
          <span key={i} data-error={errorLines?.has(i + 1) === true ? 'true' : undefined}>
            {i + 1}
          </span>
        ))}
      </div>
      <textarea
        ref={area}
        className="code-text mono"
        aria-label={label}
        aria-invalid={invalid === true ? true : undefined}
        aria-describedby={describedBy}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        rows={24}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current !== null) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}
