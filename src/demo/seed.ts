// Placeholder API for the demo seed; the real generator lives here (being written).
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/database.ts';
import type { ProgressFn } from '../cli/progress.ts';

export interface DemoLogin { role: string; login: string; password: string; note?: string }

export async function isEmptyMall(db: Db): Promise<boolean> {
  const row = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function seedDemo(_ctx: AppContext, _options: { onProgress?: ProgressFn } = {}): Promise<DemoLogin[]> {
  throw new Error('not written yet');
}

export function printDemoLogins(logins: DemoLogin[]): void {
  console.log('\nDemo logins:');
  for (const l of logins) console.log(`  ${l.role.padEnd(16)} ${l.login.padEnd(24)} ${l.password}${l.note ? `   (${l.note})` : ''}`);
}
