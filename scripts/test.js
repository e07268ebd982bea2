#!/usr/bin/env node
// `npm test`: every *.test.ts under src/ and e2e/ through node's test runner (TypeScript via tsx).
// Database suites run on PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set.
// `npm test -- --only src/modules/identity` narrows the run to paths containing that text (repeatable).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === '--only' && args[i + 1] ? [args[i + 1]] : []));

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = ['src', 'e2e'].flatMap(findTests).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const pgUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
console.log(`Running ${files.length} test files on PGlite${pgUrl ? ' and PostgreSQL' : ''}.`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
if (!pgUrl) {
  console.log('\nPostgreSQL suite skipped: set TEST_DATABASE_URL=postgres://user@host:5432/postgres to run every database test on PostgreSQL too.');
}
process.exit(result.status ?? 1);
