#!/usr/bin/env bash
# Runs every test: types, unit/integration/contract/architecture (Vitest, which also runs the lint
# and import-graph checks), then end to end in Chromium (Playwright). Prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p out/test-results
status=0

echo "== typecheck"; npx tsc -b || status=1
echo "== build"; node scripts/build.mjs || status=1
echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=out/test-results/vitest.json || status=1
if [ -f playwright.config.ts ]; then
  echo "== playwright"
  PLAYWRIGHT_JSON_OUTPUT_NAME=out/test-results/playwright.json npx playwright test --reporter=list,json || status=1
fi
node scripts/test-summary.mjs out/test-results/vitest.json out/test-results/playwright.json || status=1
exit $status
