import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { planEdits, rowsByUri } from '../../../src-shared/tree/plan-edits.js';
import { filterTree, haystackOf, visibleRows, type TreeIndex } from '../../../src-shared/tree/tree-index.js';
import type { DeviceTree, TreeDiffEntry, TreeEdit, TreeRow } from '../../../src-shared/tree/tree-schema.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { useAction } from '../../lib/use-action.js';
import { DiffDialog } from './diff-dialog.js';
import { NodePanel } from './node-panel.js';
import { PendingChanges, editKey } from './pending-changes.js';
import { VirtualTree } from './virtual-tree.js';

/** Props of {@link TreeInspector}. */
export interface TreeInspectorProps {
  /** Absent in the benchmark page (no station: editing stays local). */
  readonly deviceId?: DeviceId;
  readonly tree: DeviceTree;
  readonly index: TreeIndex;
  /** Called with the tree read back after an apply (or to ask for a fresh read). */
  readonly onTree?: (tree: DeviceTree) => void;
  readonly onReload?: () => void;
}

const topLevel = (index: TreeIndex): Set<number> => {
  const s = new Set<number>();
  index.rows.forEach((r, i) => r.depth === 0 && s.add(i));
  return s;
};

/**
 * The MO tree inspector: search and filter (name, ClientURI, value; highlighted), a windowed tree,
 * the selected node's editors, the pending change set, and the diff preview before anything is
 * written. Filtering runs on a precomputed index with a deferred query, off the typing path.
 */
export function TreeInspector({ deviceId, tree, index, onTree, onReload }: TreeInspectorProps) {
  const bridge = useBridge();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => topLevel(index));
  const [selected, setSelected] = useState(-1);
  const [shownIndex, setShownIndex] = useState(index);
  if (shownIndex !== index) {
    // A new read (e.g. after an apply): keep what was open and selected, by ClientURI.
    const byNew = new Map(index.rows.map((r, i) => [r.uri, i]));
    const remap = (i: number) => byNew.get(shownIndex.rows[i]?.uri ?? '') ?? -1;
    setExpanded(new Set([...topLevel(index), ...[...expanded].map(remap).filter((i) => i >= 0)]));
    setSelected(selected < 0 ? -1 : remap(selected));
    setShownIndex(index);
  }
  const [pending, setPending] = useState<ReadonlyMap<string, TreeEdit>>(new Map());
  const [preview, setPreview] = useState<{ token: string; diff: readonly TreeDiffEntry[] } | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const action = useAction();

  const filter = useMemo(() => filterTree(index, deferred), [index, deferred]);
  const visible = useMemo(() => visibleRows(index, expanded, filter), [index, expanded, filter]);
  // Rows by ClientURI are needed only once something is staged: built on first use, per tree.
  const lookup = useRef<{ tree: DeviceTree; map: ReadonlyMap<string, TreeRow> } | undefined>(undefined);
  const byUri = useCallback((): ReadonlyMap<string, TreeRow> => {
    if (lookup.current?.tree !== tree) lookup.current = { tree, map: rowsByUri(tree) };
    return lookup.current.map;
  }, [tree]);
  // The search index is built after the first paint, so the first search finds it ready.
  useEffect(() => {
    const timer = setTimeout(() => haystackOf(index), 50);
    return () => clearTimeout(timer);
  }, [index]);
  const pendingUris = useMemo(() => new Set([...pending.values()].flatMap((e) => (e.kind === 'acl' ? [`${e.moid}/${e.miid}/`] : [e.uri]))), [pending]);

  const onToggle = useCallback((row: number, open?: boolean) => {
    setExpanded((s) => {
      const next = new Set(s);
      if (open ?? !s.has(row)) next.add(row);
      else next.delete(row);
      return next;
    });
  }, []);
  const stage = useCallback((e: TreeEdit) => {
    setPending((m) => new Map(m).set(editKey(e), e));
    setAnnouncement('Change staged: review the pending changes to apply it.');
  }, []);
  const unstage = useCallback((key: string) => setPending((m) => {
    const next = new Map(m);
    next.delete(key);
    return next;
  }), []);

  const edits = [...pending.values()];
  const review = async () => {
    const local = planEdits(tree, edits, byUri());
    if (!local.ok) {
      setAnnouncement(`Cannot apply: ${local.problems[0]!.uri} ${local.problems[0]!.message}`);
      return;
    }
    if (deviceId === undefined) return setPreview({ token: '', diff: local.diff });
    const p = await action.run(() => bridge.call('tree.preview', { deviceId, edits }));
    if (p !== undefined) setPreview({ token: p.token, diff: p.diff });
  };
  const apply = async () => {
    if (preview === undefined || deviceId === undefined) return setPreview(undefined);
    const r = await action.run(async () => {
      try {
        return await bridge.call('tree.apply', { deviceId, token: preview.token });
      } catch (e) {
        if (e instanceof ProvisioningError && e.code === 'TREE_CHANGED') onReload?.();
        throw e;
      }
    });
    setPreview(undefined);
    if (r === undefined) return;
    if (r.kind === 'refused') {
      setAnnouncement(`The device refused the changes (${r.statuses.map((s) => `${s.uri}: ${s.sc}`).join(', ')}); nothing was applied.`);
      return;
    }
    setPending(new Map());
    onTree?.(r.tree);
    setAnnouncement(`Applied ${r.changes} change${r.changes === 1 ? '' : 's'}; the tree was read back from the device.`);
  };

  const row = selected >= 0 ? index.rows[selected] : undefined;
  return (
    <div className="tree-inspector">
      <div className="tree-pane">
        <div className="tree-search" role="search">
          <label htmlFor={searchId}>Search nodes</label>
          <input id={searchId} type="search" value={query} placeholder="name, ClientURI or value" onChange={(e) => setQuery(e.target.value)} />
          <span className="muted" role="status">
            {filter.query === '' ? `${index.rows.length.toLocaleString('en')} nodes` : `${filter.matches.toLocaleString('en')} matching`}
          </span>
        </div>
        <VirtualTree label="Management tree" index={index} visible={visible} expanded={expanded} selected={selected} pending={pendingUris} query={filter.query} onSelect={setSelected} onToggle={onToggle} />
      </div>
      <div className="tree-side">
        <NodePanel tree={tree} row={row} pending={pending} onStage={stage} onUnstage={unstage} />
        <PendingChanges edits={edits} rowOf={(uri) => byUri().get(uri)} busy={action.busy} onRemove={unstage} onReview={() => void review()} onDiscardAll={() => setPending(new Map())} />
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
        {announcement !== '' && <p className="notice notice-ok">{announcement}</p>}
        {action.error !== undefined && <ErrorNotice error={action.error} onDismiss={action.clearError} />}
      </div>
      {preview !== undefined && <DiffDialog diff={preview.diff} busy={action.busy} onApply={() => void apply()} onCancel={() => setPreview(undefined)} />}
    </div>
  );
}
