import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { hasChildren, type TreeIndex } from '../../../src-shared/tree/tree-index.js';
import { TreeRowView } from './tree-row.js';

/** Height of every row, in CSS pixels (fixed: the window is computed, never measured). */
export const ROW_HEIGHT = 28;
/** Rows rendered above and below the visible window. */
const OVERSCAN = 8;
/** Viewport height before the first layout (and in environments without one). */
const DEFAULT_VIEWPORT = 480;

/** Props of {@link VirtualTree}. */
export interface VirtualTreeProps {
  readonly label: string;
  readonly index: TreeIndex;
  /** Rows to show, in order (see `visibleRows`). */
  readonly visible: Int32Array;
  readonly expanded: ReadonlySet<number>;
  /** Selected row (index into `index.rows`), or -1. */
  readonly selected: number;
  readonly pending: ReadonlySet<string>;
  /** Lower-cased search text to highlight. */
  readonly query: string;
  readonly onSelect: (row: number) => void;
  readonly onToggle: (row: number, open?: boolean) => void;
}

/**
 * A windowed tree (WAI-ARIA tree pattern): only the rows in view are in the DOM, each absolutely
 * placed at `position × ROW_HEIGHT`. Focus stays on the tree; the active row is named by
 * `aria-activedescendant`. Keys: ↑ ↓, Home, End, PageUp, PageDown, → (expand, then first child),
 * ← (collapse, then parent), Enter/Space (toggle).
 */
export function VirtualTree(p: VirtualTreeProps) {
  const viewport = useRef<HTMLDivElement>(null);
  // The first row in view: a scroll re-renders only when it changes.
  const [topRow, setTopRow] = useState(0);
  const [height, setHeight] = useState(DEFAULT_VIEWPORT);
  const position = useRef(new Map<number, number>());

  // Row → position in `visible`, rebuilt lazily only for lookups (keyboard, selection scroll).
  const positionOf = useCallback((row: number): number => {
    const map = position.current;
    if (map.size === 0) p.visible.forEach((r, i) => map.set(r, i));
    return map.get(row) ?? -1;
  }, [p.visible]);
  useEffect(() => position.current.clear(), [p.visible]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || DEFAULT_VIEWPORT));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const scrollToPosition = useCallback((pos: number) => {
    const el = viewport.current;
    if (el === null || pos < 0) return;
    const top = pos * ROW_HEIGHT;
    const view = el.clientHeight || DEFAULT_VIEWPORT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + view) el.scrollTop = top + ROW_HEIGHT - view;
    setTopRow(Math.floor(el.scrollTop / ROW_HEIGHT));
  }, []);

  useEffect(() => {
    if (p.selected >= 0) scrollToPosition(positionOf(p.selected));
  }, [p.selected, positionOf, scrollToPosition]);

  const count = p.visible.length;
  const first = Math.max(0, topRow - OVERSCAN);
  const last = Math.min(count, topRow + Math.ceil(height / ROW_HEIGHT) + 1 + OVERSCAN);
  const rowId = (row: number) => `tree-row-${row}`;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const pos = p.selected >= 0 ? positionOf(p.selected) : -1;
    const page = Math.max(1, Math.floor((viewport.current?.clientHeight || DEFAULT_VIEWPORT) / ROW_HEIGHT) - 1);
    const go = (to: number) => p.onSelect(p.visible[Math.max(0, Math.min(count - 1, to))]!);
    const sel = p.selected;
    switch (e.key) {
      case 'ArrowDown':
        go(pos + 1);
        break;
      case 'ArrowUp':
        go(pos < 0 ? 0 : pos - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(count - 1);
        break;
      case 'PageDown':
        go(pos + page);
        break;
      case 'PageUp':
        go(pos - page);
        break;
      case 'ArrowRight':
        if (sel < 0) go(0);
        else if (hasChildren(p.index, sel) && !p.expanded.has(sel)) p.onToggle(sel, true);
        else if (hasChildren(p.index, sel)) go(pos + 1);
        break;
      case 'ArrowLeft':
        if (sel < 0) go(0);
        else if (hasChildren(p.index, sel) && p.expanded.has(sel)) p.onToggle(sel, false);
        else if (p.index.parent[sel]! >= 0) p.onSelect(p.index.parent[sel]!);
        break;
      case 'Enter':
      case ' ':
        if (sel >= 0 && hasChildren(p.index, sel)) p.onToggle(sel);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const items = [];
  for (let pos = first; pos < last; pos++) {
    const row = p.visible[pos]!;
    const r = p.index.rows[row]!;
    const expandable = hasChildren(p.index, row);
    items.push(
      <TreeRowView
        key={row}
        id={rowId(row)}
        row={r}
        index={row}
        top={pos * ROW_HEIGHT}
        expandable={expandable}
        expanded={expandable && p.expanded.has(row)}
        selected={row === p.selected}
        pending={p.pending.has(r.uri)}
        query={p.query}
        onSelect={p.onSelect}
        onToggle={p.onToggle}
      />,
    );
  }
  const active = p.selected >= 0 && positionOf(p.selected) >= first && positionOf(p.selected) < last ? rowId(p.selected) : undefined;
  return (
    <div
      ref={viewport}
      className="tree-viewport"
      role="tree"
      aria-label={p.label}
      tabIndex={0}
      {...(active === undefined ? {} : { 'aria-activedescendant': active })}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const row = Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT);
        // Rendered within the scroll event, so the new window is painted in the same frame.
        if (row !== topRow) flushSync(() => setTopRow(row));
      }}
    >
      <div className="tree-spacer" role="presentation" style={{ height: `${count * ROW_HEIGHT}px` }}>
        {items}
      </div>
    </div>
  );
}
