// Prints one closing line `Tests: N passed, N failed` summed over the Vitest and Playwright JSON
// reports given as arguments (missing files count as nothing; a missing Vitest report is a failure).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let readAny = false;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  readAny = true;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof report.numPassedTests === 'number') {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    passed += report.stats.expected ?? 0;
    failed += (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0);
    skipped += report.stats.skipped ?? 0;
  }
}
if (!readAny) {
  console.log('Tests: 0 passed, 1 failed (no test report was written)');
  process.exit(1);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
