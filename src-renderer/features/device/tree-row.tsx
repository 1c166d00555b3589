import { memo } from 'react';
import { MASK, type TreeRow } from '../../../src-shared/tree/tree-schema.js';

/** Text with every case-insensitive occurrence of `query` wrapped in `<mark>`. */
export function Highlighted({ text, query }: { readonly text: string; readonly query: string }) {
  if (query === '') return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: React.ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(query); at >= 0 && parts.length < 20; at = lower.indexOf(query, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + query.length)}</mark>);
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}

/** Props of {@link TreeRowView}. */
export interface TreeRowProps {
  readonly id: string;
  readonly row: TreeRow;
  readonly index: number;
  readonly top: number;
  readonly expandable: boolean;
  readonly expanded: boolean;
  readonly selected: boolean;
  readonly pending: boolean;
  readonly query: string;
  readonly onSelect: (index: number) => void;
  readonly onToggle: (index: number) => void;
}

/** One visible row of the tree inspector (a `treeitem`). */
export const TreeRowView = memo(function TreeRowView(p: TreeRowProps) {
  const r = p.row;
  return (
    <div
      id={p.id}
      role="treeitem"
      aria-level={r.depth + 1}
      aria-selected={p.selected}
      {...(p.expandable ? { 'aria-expanded': p.expanded } : {})}
      className="tree-row"
      data-kind={r.kind}
      style={{ top: `${p.top}px`, paddingLeft: `${8 + r.depth * 16}px` }}
      onClick={() => p.onSelect(p.index)}
      onDoubleClick={() => p.expandable && p.onToggle(p.index)}
    >
      <span className="tree-toggle" aria-hidden="true" onClick={(e) => {
        e.stopPropagation();
        if (p.expandable) p.onToggle(p.index);
      }}>
        {p.expandable ? (p.expanded ? '▾' : '▸') : ''}
      </span>
      <span className="tree-name">
        <Highlighted text={r.name} query={p.query} />
      </span>
      {r.kind === 'leaf' && (
        <span className="tree-value mono">
          {r.masked ? <span aria-label="secret, write-only">{MASK}</span> : <Highlighted text={r.value ?? ''} query={p.query} />}
        </span>
      )}
      {r.kind === 'leaf' && <span className="badge tree-format">{r.format}</span>}
      {p.pending && <span className="badge tree-pending">changed</span>}
    </div>
  );
});
