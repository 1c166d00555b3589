/**
 * The benchmark page of the tree inspector: the real TreeInspector (windowed tree, search index,
 * editors) fed a synthetic tree, with hooks `window.__bench` for ui-tree.bench.ts to drive it in
 * Chromium. No station: the bridge answers nothing (the inspector only reads and filters here).
 */
import { createRoot } from 'react-dom/client';
import type { BootbenchApi } from '../../src-shared/ipc/envelope.js';
import { buildTreeIndex } from '../../src-shared/tree/tree-index.js';
import { BridgeProvider } from '../../src-renderer/bridge/bridge-context.js';
import { BridgeClient } from '../../src-renderer/bridge/client.js';
import { TreeInspector } from '../../src-renderer/features/device/tree-inspector.js';
import { syntheticTree } from '../renderer/device/tree-fixtures.js';
import '../../src-renderer/styles.css';
import '../../src-renderer/features/device/device.css';

const status = { kind: 'connected' } as const;
const bridge = new BridgeClient({
  shell: 'web',
  status: { current: () => status, subscribe: () => () => undefined },
  api: { invoke: () => new Promise(() => undefined), on: () => () => undefined } as unknown as BootbenchApi,
});

const nextPaint = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame((t) => resolve(t))));

/** Resolves when `el` (or its subtree) changed, with the time of that change. */
function changed(el: Node, test: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    if (test()) return resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

const viewport = (): HTMLElement => document.querySelector('.tree-viewport')!;

async function mount(count: number): Promise<{ readonly indexMs: number; readonly firstRenderMs: number; readonly rows: number }> {
  const tree = syntheticTree(count);
  const host = document.getElementById('root')!;
  const t0 = performance.now();
  const index = buildTreeIndex(tree.rows);
  const t1 = performance.now();
  createRoot(host).render(
    <BridgeProvider client={bridge}>
      <TreeInspector tree={tree} index={index} />
    </BridgeProvider>,
  );
  await changed(host, () => document.querySelector('[role="treeitem"]') !== null);
  await nextPaint();
  return { indexMs: t1 - t0, firstRenderMs: performance.now() - t0, rows: document.querySelectorAll('[role="treeitem"]').length };
}

/** Expands every MO and instance row in view with the keyboard (→), so a scroll crosses real depth. */
async function expandAll(presses: number): Promise<number> {
  const el = viewport();
  el.focus();
  for (let i = 0; i < presses; i++) {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: i === 0 ? 'Home' : i % 2 === 1 ? 'ArrowRight' : 'ArrowDown', bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  }
  return document.querySelectorAll('[role="treeitem"]').length;
}

/**
 * Scrolls by `rowsPerStep` rows in each of `steps` animation frames (as a fast wheel or a dragged
 * scrollbar does). Returns the intervals between frames (what the eye sees) and, per frame, the
 * work from the scroll event until the window of rows was replaced in the DOM.
 */
function scroll(steps: number, rowsPerStep: number): Promise<{ readonly frames: number[]; readonly work: number[] }> {
  const el = viewport();
  const spacer = el.firstElementChild!;
  const frames: number[] = [];
  const work: number[] = [];
  let scrolledAt = -1;
  const onScroll = () => (scrolledAt = performance.now());
  const observer = new MutationObserver(() => {
    if (scrolledAt < 0) return;
    work.push(performance.now() - scrolledAt);
    scrolledAt = -1;
  });
  el.addEventListener('scroll', onScroll);
  observer.observe(spacer, { childList: true });
  return new Promise((resolve) => {
    let last = -1;
    let i = 0;
    const tick = (t: number) => {
      if (last >= 0) frames.push(t - last);
      last = t;
      if (i++ >= steps) {
        el.removeEventListener('scroll', onScroll);
        observer.disconnect();
        resolve({ frames, work });
        return;
      }
      el.scrollTop += rowsPerStep * 28;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Types a query; resolves with the time until the filtered rows are painted. */
async function filter(query: string): Promise<{ readonly ms: number; readonly matches: string }> {
  const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
  const status = document.querySelector('.tree-search [role="status"]')!;
  const before = status.textContent;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  const t0 = performance.now();
  setter.call(input, query);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await changed(status, () => status.textContent !== before);
  await nextPaint();
  return { ms: performance.now() - t0, matches: status.textContent ?? '' };
}

(window as unknown as { __bench: unknown }).__bench = { mount, expandAll, scroll, filter };
