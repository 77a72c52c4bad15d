// The README's Measurements table, written from measured data between its two markers (bench/report.ts
// renders it). `npm run bench` calls writeResults after measuring; `npm run bench:readme` (this file run
// directly) renders the README's table again from the last run's bench/results.json, without measuring.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Measured,
  parseResultsJson,
  type RunContext,
  readmeBlock,
  replaceBetweenMarkers,
  resultsJson,
  resultsMarkdown,
} from './report.ts';
import { progress, root, runNode } from './util.ts';

export const RESULTS_JSON = join(root, 'bench/results.json');
const README = join(root, 'README.md');
const biomeBin = join(root, 'node_modules/@biomejs/biome/bin/biome');

/** Rewrites only what lies between the README's markers; true when that changed anything. */
export function updateReadme(m: Measured, context: RunContext): boolean {
  const before = readFileSync(README, 'utf8');
  const after = replaceBetweenMarkers(before, readmeBlock(m, context));
  if (after !== before) writeFileSync(README, after);
  return after !== before;
}

/** bench/results.md, bench/results.json (formatted as Biome wants it) and the README's table. */
export function writeResults(m: Measured, context: RunContext): void {
  writeFileSync(join(root, 'bench/results.md'), resultsMarkdown(m, context));
  writeFileSync(RESULTS_JSON, resultsJson(m, context));
  try {
    runNode([biomeBin, 'format', '--write', RESULTS_JSON], 'biome format bench/results.json');
  } catch (error) {
    progress(
      `bench/results.json is written but not formatted: ${error instanceof Error ? error.message : error}`,
    );
  }
  updateReadme(m, context);
}

function main(): void {
  if (!existsSync(RESULTS_JSON)) {
    console.error(
      'bench/results.json does not exist yet: run `npm run bench` first (it measures and writes it).',
    );
    process.exit(1);
  }
  const { measured, context } = parseResultsJson(readFileSync(RESULTS_JSON, 'utf8'));
  const changed = updateReadme(measured, context);
  console.log(
    `README.md: Measurements table ${changed ? 'rewritten' : 'already up to date'} from bench/results.json (measured ${context.started.toISOString()}).`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`bench:readme: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
