import fs from 'node:fs';
import { Command } from 'commander';
import { importProducts, readRows } from '../modules/catalog/import-export.ts';
import { loadConfig } from '../config.ts';
import { openRuntime, startServer } from '../server.ts';
import { createPlatformAdmin } from '../modules/identity/identity.service.ts';
import { ensureWebBuild } from './build-web.ts';
import { isEmptyMall, seedDemo, printDemoLogins } from '../demo/seed.ts';
import { progressReporter } from './progress.ts';
import { verifyLedger } from '../modules/ledger/ledger.service.ts';

const program = new Command('jishi').description('集市 Jishi — multi-merchant online mall');

program
  .command('start')
  .description('migrate, seed demo data into an empty mall, and serve API + web on one port')
  .option('--no-seed', 'do not seed demo data into an empty database')
  .option('--no-build', 'do not build the web app when it is missing or out of date')
  .action(async (opts: { seed: boolean; build: boolean }) => {
    const config = loadConfig();
    if (opts.build) await ensureWebBuild();
    const runtime = await openRuntime(config);
    if (opts.seed && (await isEmptyMall(runtime.ctx.db))) {
      console.log('Empty database: seeding demo data (jishi seed --demo)…');
      const logins = await seedDemo(runtime.ctx, { onProgress: progressReporter() });
      printDemoLogins(logins);
    }
    const server = await startServer(runtime);
    console.log(`\n集市 Jishi is running on ${server.url}  (database: ${runtime.ctx.dbKind})`);
    console.log(`  storefront ${server.url}/   merchant console ${server.url}/seller   platform console ${server.url}/admin   API docs ${server.url}/api/docs\n`);
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const runtime = await openRuntime(loadConfig());
    console.log(`database migrated (${runtime.ctx.dbKind})`);
    await runtime.close();
  });

program
  .command('seed')
  .description('load data into the mall')
  .requiredOption('--demo', 'the deterministic demo mall: admin, shops, products, shoppers')
  .action(async () => {
    const runtime = await openRuntime(loadConfig());
    if (!(await isEmptyMall(runtime.ctx.db))) {
      console.error('The mall already has data; demo data is only loaded into an empty database.');
      await runtime.close();
      process.exitCode = 1;
      return;
    }
    const logins = await seedDemo(runtime.ctx, { onProgress: progressReporter() });
    printDemoLogins(logins);
    await runtime.close();
  });

program
  .command('import')
  .description('import data from a file')
  .argument('<what>', 'what to import: products')
  .argument('<file>', '.xlsx or .csv, one row per SKU (see docs/import.md)')
  .requiredOption('--shop <shopId>', 'the shop the products belong to')
  .action(async (what: string, file: string, opts: { shop: string }) => {
    if (what !== 'products') {
      console.error(`cannot import "${what}"; try: jishi import products FILE --shop SHOP`);
      process.exitCode = 2;
      return;
    }
    const runtime = await openRuntime(loadConfig());
    try {
      const shop = await runtime.ctx.db.selectFrom('shop').select('id').where('id', '=', opts.shop).executeTakeFirst();
      if (!shop) throw new Error(`no shop ${opts.shop}`);
      const bytes = fs.readFileSync(file);
      const rows = await readRows(bytes, file.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
      const progress = progressReporter();
      const report = await importProducts(runtime.ctx.db, runtime.ctx.clock, opts.shop, { userId: null, role: 'system' }, rows, (done, total) => progress('products', done, total));
      console.log(`\n${report.rowCount} rows: ${report.created.length} products created (as drafts), ${report.failed.length} not created.`);
      for (const failure of report.failed) {
        for (const e of failure.errors) console.log(`  ${failure.productKey}  row ${e.row}${e.column ? ` [${e.column}]` : ''}: ${e.message}`);
      }
      if (report.failed.length) process.exitCode = 1;
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    } finally {
      await runtime.close();
    }
  });

program
  .command('create-admin')
  .description('create a platform admin (or promote an existing account)')
  .requiredOption('--login <mobileOrEmail>', 'mainland mobile number or email')
  .requiredOption('--password <password>', 'at least 8 characters, not a common password')
  .option('--name <name>', 'display name')
  .action(async (opts: { login: string; password: string; name?: string }) => {
    const runtime = await openRuntime(loadConfig());
    try {
      const result = await createPlatformAdmin(runtime.ctx.db, { identifier: opts.login, password: opts.password, displayName: opts.name }, runtime.ctx.clock);
      console.log(result.created ? `platform admin created: ${result.userId}` : `existing account ${result.userId} is now a platform admin`);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    } finally {
      await runtime.close();
    }
  });

const ledger = program.command('ledger').description('the double-entry ledger');

ledger
  .command('verify')
  .description('check the ledger: balanced transactions, balances = entries, protected accounts ≥ 0, domain checks')
  .action(async () => {
    const runtime = await openRuntime(loadConfig());
    try {
      // One snapshot for every check, so postings committed meanwhile cannot make it disagree with itself.
      const result = await runtime.ctx.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((trx) => verifyLedger(trx));
      console.log(`ledger verify (${runtime.ctx.dbKind}): ${result.counts.accounts} accounts, ${result.counts.transactions} transactions, ${result.counts.entries} entries`);
      for (const check of result.checks) {
        console.log(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.check}${check.ok ? '' : ` (${check.problems} problem${check.problems === 1 ? '' : 's'})`}`);
        for (const problem of result.problems.filter((p) => p.check === check.check)) console.log(`          ${problem.detail}`);
      }
      const failed = result.checks.filter((c) => !c.ok).length;
      console.log(failed === 0 ? `ledger OK: all ${result.checks.length} checks passed` : `ledger BROKEN: ${failed} of ${result.checks.length} checks failed`);
      if (failed) process.exitCode = 1;
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    } finally {
      await runtime.close();
    }
  });

await program.parseAsync(process.argv);
