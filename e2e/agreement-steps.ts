/**
 * Browser steps of 协议管理 shared by the tests that go through them: the platform admin drafting and
 * publishing a version in /admin/content, and finding an acceptance in the record.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Harness } from './harness.ts';
import { DAY, type Clock } from '../src/shared/clock.ts';

/** Buttons whose label is two CJK characters get a space inserted by antd ("保 存"). */
export const cjk2 = (label: string) => new RegExp(`^${[...label].join('\\s?')}$`);

export interface NewVersion {
  /** The agreement's name as its card shows it, e.g. 用户协议. */
  agreement: string;
  /** The version number it will get. */
  version: number;
  title: string;
  summary: string;
  body: string;
}

/**
 * On /admin/content?tab=agreements: 新建版本, save the draft, 发布 with the default effective date, which
 * must be the legal minimum of 7 days after now (to the hour). Leaves the version 待生效.
 */
export async function draftAndPublish(h: Harness, admin: Page, clock: Clock, v: NewVersion, shot?: string): Promise<void> {
  await h.hydrated(admin);
  const card = admin.locator('.ant-card').filter({ hasText: `《${v.agreement}》` });
  const draft = admin.getByRole('dialog').filter({ hasText: `《${v.agreement}》新建版本` });
  for (let attempt = 0; attempt < 3 && !(await draft.isVisible()); attempt++) {
    await card.getByRole('button', { name: '新建版本' }).click();
    await draft.getByLabel('标题').waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  await admin.waitForTimeout(400); // the modal's opening animation
  await draft.getByLabel('标题').fill(v.title);
  await draft.getByLabel('修订说明（向用户展示本次主要变更）').fill(v.summary);
  await draft.getByLabel('协议正文').fill(v.body);
  await draft.getByRole('button', { name: cjk2('保存') }).click();
  await admin.getByText('已保存').waitFor();
  const draftRow = card.getByRole('row').filter({ hasText: '草稿' });
  await draftRow.waitFor();
  await draftRow.getByRole('button', { name: cjk2('发布') }).click();

  const dialog = admin.getByRole('dialog').filter({ hasText: `发布《${v.agreement}》第 ${v.version} 版` });
  await dialog.getByText('至少提前 7 天公示').waitFor();
  const picked = await dialog.getByLabel('生效时间').inputValue();
  const earliest = new Date(clock.now().getTime() + 7 * DAY);
  // The picker shows the browser's local time.
  const pickedAt = new Date(await admin.evaluate((value) => new Date(`${value.replace(' ', 'T')}:00`).getTime(), picked));
  assert.ok(pickedAt.getTime() >= earliest.getTime() && pickedAt.getTime() - earliest.getTime() <= 3_600_000, `default ${picked}`);
  await admin.waitForTimeout(500); // the modal's opening animation
  if (shot) await h.shot(admin, shot, false);
  await dialog.getByRole('button', { name: '确认发布' }).click();
  await admin.getByText('已发布，公告已发出').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await card.getByRole('row').filter({ hasText: '待生效' }).waitFor();
}

/** On /admin/content?tab=acceptances: searches one user's records; answers the text of the row accepted at login. */
export async function acceptanceAtLogin(admin: Page, h: Harness, user: { identifier: string; displayName: string }): Promise<string> {
  await admin.goto(`${h.base}/admin/content?tab=acceptances`);
  await h.hydrated(admin);
  const searched = new RegExp(`tab=acceptances&user=${user.identifier}`);
  const field = admin.getByLabel('用户');
  // Under load a click can land while antd's form is still wiring up: type and search once more if the first went
  // nowhere. (Patiently: a second click cancels a navigation still waiting for a busy server.)
  for (let attempt = 1; ; attempt++) {
    await field.fill(user.identifier);
    assert.equal(await field.inputValue(), user.identifier);
    await admin.getByRole('button', { name: cjk2('查询') }).click();
    const ok = await admin.waitForURL(searched, { waitUntil: 'commit', timeout: 20_000 }).then(() => true, () => false);
    if (ok) break;
    assert.ok(attempt < 2, `the acceptance search never ran (at ${admin.url()}, the field holds "${await field.inputValue()}")`);
  }
  const row = admin.getByRole('row').filter({ hasText: '登录时确认' }).filter({ hasText: user.displayName });
  await row.waitFor();
  return row.innerText();
}
