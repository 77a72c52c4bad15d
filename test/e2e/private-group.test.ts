import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, grant, newLineUser, registerAccount, screenshot, usePhones } from './browser';

// Issue 11, SPEC §2 and rules 10–12: a co-admin's private group is a path into the owner's accounts. The
// owner sees it on the account page although she is no member of it, takes the account out of it, and
// offboards the co-admin: the confirmation says beforehand which group links will be cut, and afterwards
// the co-admin reaches none of the owner's accounts. The members list has one row per person throughout.

// The machines are shared and slow: a poll waits long (its default is one second), never to measure speed.
const patiently = { timeout: 20_000 };

const phone = usePhones();

function memberRows(page: Page, name: string) {
  return page.getByRole('region', { name: 'メンバー' }).getByRole('listitem').filter({ hasText: name });
}

function groupsSection(page: Page) {
  return page.getByRole('region', { name: 'グループ', exact: true });
}

describe('a private group: the owner sees it, takes her account out of it, and offboards the co-admin', () => {
  const owner = newLineUser('大石 真理');
  const coAdmin = newLineUser('小野 沙織');
  // The co-admin's second LINE account, brought in through her group.
  const alt = newLineUser('小野 サブ');
  const suffix = Date.now().toString(36);
  const names = { main: `大石 本店 ${suffix}`, branch: `大石 支店 ${suffix}`, group: `小野の店 ${suffix}` };
  const paths = { main: '', branch: '' };
  const ids = { main: '', branch: '', group: '' };
  let page: Page;
  let failures: string[];

  it('shows the private group with the people it brings, one row per person, and takes the account out', async () => {
    ({ page, failures } = await phone(owner));
    paths.main = await registerAccount(page, names.main);
    paths.branch = await registerAccount(page, names.branch);
    ids.main = paths.main.split('/')[2] ?? '';
    ids.branch = paths.branch.split('/')[2] ?? '';

    const ownerApi = await apiAs(owner);
    const coAdminApi = await apiAs(coAdmin);
    const altApi = await apiAs(alt);
    await grant(ownerApi, coAdminApi, `/api/accounts/${ids.main}`, 'admin');
    await grant(ownerApi, coAdminApi, `/api/accounts/${ids.branch}`, 'admin');
    // The co-admin builds her back door: a group of her own holding both accounts, with her second account.
    const { group } = await coAdminApi<{ group: { id: string } }>('POST', '/api/groups', {
      name: names.group,
    });
    ids.group = group.id;
    await coAdminApi('POST', `/api/groups/${ids.group}/accounts`, { accountId: ids.main });
    await coAdminApi('POST', `/api/groups/${ids.group}/accounts`, { accountId: ids.branch });
    await grant(coAdminApi, altApi, `/api/groups/${ids.group}`, 'admin');
    // An invite she issued on the main account: it must not outlive her access (rule 10), and it is never
    // hers to accept.
    const { token } = await coAdminApi<{ token: string }>('POST', `/api/accounts/${ids.main}/invites`, {
      role: 'operator',
    });
    const coAdminPhone = await phone(coAdmin);
    await coAdminPhone.page.goto(`/invite?token=${token}`);
    await coAdminPhone.page.getByRole('heading', { name: 'あなたが発行した招待です', level: 1 }).waitFor();
    await coAdminPhone.page
      .getByText(
        '自分で発行した招待では参加できません。この招待を送った相手に「参加する」を押してもらってください。',
      )
      .waitFor();
    expect(await coAdminPhone.page.getByRole('button', { name: '参加する', exact: true }).count()).toBe(0);
    await screenshot(coAdminPhone.page, 'private-group-00-own-invite');
    expect(coAdminPhone.failures).toEqual([]);

    await page.goto(paths.main);
    await page.getByRole('heading', { name: names.main, level: 1 }).waitFor();

    // One row per person: the co-admin once, with both sources under her combined role.
    await expect.poll(() => memberRows(page, coAdmin.displayName).count(), patiently).toBe(1);
    const coAdminRow = memberRows(page, coAdmin.displayName);
    await coAdminRow.getByText(`直接 · グループ「${names.group}」経由`).waitFor();
    expect(await coAdminRow.getByText('管理者', { exact: true }).count()).toBe(1);
    const altRow = memberRows(page, alt.displayName);
    await altRow.getByText(`グループ「${names.group}」経由`).waitFor();
    // Access only through a group is changed on the group: no member page to open.
    expect(await altRow.getByRole('link').count()).toBe(0);
    // Seats: three people (one through the group only) and the pending invite.
    await page.getByText('4 / 100人').waitFor();

    // Her second account is admin of the main account only through the group: rule 11 leaves the direct
    // admins and the 管理者 role out of its reach, and the screens do not offer them.
    const altPhone = await phone(alt);
    await altPhone.page.goto(`${paths.main}/invite`);
    await altPhone.page.getByRole('heading', { name: 'メンバーを追加', level: 1 }).waitFor();
    expect(await altPhone.page.getByRole('radio', { name: '管理者', exact: true }).isDisabled()).toBe(true);
    await altPhone.page
      .getByText('グループ経由の管理者は、管理者を任命できません。', { exact: false })
      .first()
      .waitFor();
    await screenshot(altPhone.page, 'private-group-01-alt-invite');
    await altPhone.page.goto(`${paths.main}/members/${encodeURIComponent(owner.userId)}`);
    await altPhone.page.getByRole('heading', { name: owner.displayName, level: 1 }).waitFor();
    await altPhone.page
      .getByText(`${owner.displayName}さんはこのアカウントの直接の管理者です。`, { exact: false })
      .waitFor();
    expect(
      await altPhone.page.getByRole('button', { name: 'このメンバーをアカウントから削除' }).count(),
    ).toBe(0);
    expect(altPhone.failures).toEqual([]);

    const groups = groupsSection(page);
    const row = groups.getByRole('listitem').filter({ hasText: names.group });
    await row.getByText('グループのメンバー 2人').waitFor();
    await row.getByText('あなたはこのグループのメンバーではありません', { exact: false }).waitFor();
    await screenshot(page, 'private-group-01-account');

    await row.getByRole('button', { name: `グループ「${names.group}」から外す` }).click();
    const dialog = page.getByRole('dialog', {
      name: `グループ「${names.group}」からこのアカウントを外しますか?`,
    });
    await dialog
      .getByText(
        `グループ「${names.group}」の2人は、このグループ経由では「${names.main}」にアクセスできなくなります。`,
        {
          exact: false,
        },
      )
      .waitFor();
    await screenshot(page, 'private-group-02-confirm');
    await dialog.getByRole('button', { name: '外す' }).click();

    await groups.getByText('このアカウントはどのグループにも入っていません').waitFor();
    await expect.poll(() => memberRows(page, alt.displayName).count(), patiently).toBe(0);
    await memberRows(page, coAdmin.displayName).getByText('直接', { exact: true }).waitFor();
    await page.getByText('3 / 100人').waitFor();
    await screenshot(page, 'private-group-03-taken-out');
    expect(failures).toEqual([]);
  }, 180_000);

  it('says before the tap what offboarding removes and which group links it cuts, then does it', async () => {
    await page.goto(`/access/${encodeURIComponent(coAdmin.userId)}`);
    await page.getByRole('heading', { name: coAdmin.displayName, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'すべての権限を削除' }).click();

    const dialog = page.getByRole('dialog', {
      name: `${coAdmin.displayName}さんのすべての権限を削除しますか?`,
    });
    await dialog.getByText('次の権限を削除します。').waitFor();
    await dialog.getByText(`アカウント「${names.main}」: 管理者`).waitFor();
    await dialog.getByText(`アカウント「${names.branch}」: 管理者`).waitFor();
    await dialog.getByText('発行した招待1件を取り消します').waitFor();
    // Her group still reaches the branch: the link is cut, not left behind.
    await dialog.getByText(`グループ「${names.group}」からアカウント「${names.branch}」を外します`).waitFor();
    expect(await dialog.getByText('次はできません。').count()).toBe(0);
    await screenshot(page, 'private-group-04-plan');
    await dialog.getByRole('button', { name: '削除する' }).click();

    const results = page.getByRole('region', { name: '削除の結果' });
    await results
      .getByText(
        '2件の権限を削除しました。発行した招待1件を取り消しました。グループのつながりを1件外しました。',
      )
      .waitFor();
    await results
      .getByRole('list', { name: 'グループのつながり' })
      .getByRole('listitem')
      .filter({ hasText: `グループ「${names.group}」 → アカウント「${names.branch}」` })
      .getByText('外しました')
      .waitFor();
    await page.getByText('あなたが管理しているものへのアクセスは、すべてなくなりました。').waitFor();
    await screenshot(page, 'private-group-05-result');

    // Neither she nor her second account reaches the owner's accounts by any path; the owner's lists agree.
    const coAdminApi = await apiAs(coAdmin);
    const altApi = await apiAs(alt);
    for (const id of [ids.main, ids.branch]) {
      await expect(coAdminApi('GET', `/api/accounts/${id}`)).rejects.toThrow(/404/);
      await expect(altApi('GET', `/api/accounts/${id}`)).rejects.toThrow(/404/);
    }
    await page.goto(paths.branch);
    await page.getByRole('heading', { name: names.branch, level: 1 }).waitFor();
    await groupsSection(page).getByText('このアカウントはどのグループにも入っていません').waitFor();
    await page.getByText('1 / 100人').waitFor();
    expect(await memberRows(page, coAdmin.displayName).count()).toBe(0);
    expect(failures).toEqual([]);
  }, 180_000);
});
