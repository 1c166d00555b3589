/**
 * Renderer tests (jsdom) wait for the UI with Testing Library's `findBy…`/`waitFor`, whose default
 * limit is 1 s. On a loaded CI machine (the whole suite in parallel) a first render can take longer,
 * so the limit is 10 s: a waiting test still ends as soon as its condition holds.
 */
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 10_000 });
}
export {};
