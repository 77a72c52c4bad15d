import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  grant,
  type MockLineUser,
  newLineUser,
  type Phone,
  registerAccount,
  screenshot,
  usePhones,
} from './browser';

// SPEC §1–§4: an admin changes a role and removes a member from their phone; the last admin cannot leave and
// is shown the ways out; a leaver hands over in the safe order (invite → accepted → remove yourself); the
// history shows it all and its hash chain checks out. Fresh users and accounts: other files share the server.

const phone = usePhones();

/** メンバーを追加 → role → 招待リンクを作成; the invitee opens the link in their own LINE and accepts. */
async function addMember(admin: Page, accountPath: string, user: MockLineUser, role: string): Promise<void> {
  await admin.goto(accountPath);
  await admin.getByRole('link', { name: 'メンバーを追加' }).click();
  await admin.getByRole('radio', { name: role, exact: true }).check();
  await admin.getByRole('button', { name: '招待リンクを作成' }).click();
  const url = await admin.getByLabel('招待リンク').inputValue();
  await accept(user, url);
}

async function accept(user: MockLineUser, url: string): Promise<Page> {
  const { page } = await phone(user);
  await page.goto(url);
  await page.getByRole('button', { name: '参加する', exact: true }).click();
  await page.getByText('に参加しました', { exact: false }).first().waitFor();
  return page;
}

function row(page: Page, name: string) {
  return page.getByRole('listitem').filter({ hasText: name });
}

describe('members: role changes, removal, the last admin, handover and history', () => {
  const owner = newLineUser('木村 陽子');
  const staff = newLineUser('小林 誠');
  const helper = newLineUser('加藤 愛');
  const successor = newLineUser('吉田 亮');
  const accountName = `木村フラワー ${Date.now().toString(36)}`;
  let ownerPhone: Phone;
  let accountPath: string;

  it('lets an admin change a role and remove a member, saying what they lose', async () => {
    ownerPhone = await phone(owner);
    const { page } = ownerPhone;
    accountPath = await registerAccount(page, accountName);
    await addMember(page, accountPath, staff, '運用担当者');
    await addMember(page, accountPath, helper, '運用担当者(配信権限なし)');

    await page.goto(accountPath);
    await row(page, staff.displayName).getByRole('link').click();
    await page.getByRole('heading', { name: staff.displayName, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`${accountPath}/members/${staff.userId}`);
    const current = page.getByRole('radio', { name: '運用担当者', exact: true });
    expect(await current.isChecked()).toBe(true);
    await screenshot(page, 'members-01-member');

    // A demotion is confirmed with what goes: 運用担当者 → 配信権限なし loses メッセージの配信.
    await page.getByRole('radio', { name: '運用担当者(配信権限なし)', exact: true }).check();
    await page.getByRole('button', { name: '変更を保存' }).click();
    const confirm = page.getByRole('dialog', { name: `${staff.displayName}さんの権限を変更しますか?` });
    await confirm.getByText('メッセージの配信').waitFor();
    await screenshot(page, 'members-02-confirm-role');
    await confirm.getByRole('button', { name: '変更する' }).click();
    await page.getByText('権限を変更しました。').waitFor();
    expect(await page.getByRole('radio', { name: '運用担当者(配信権限なし)', exact: true }).isChecked()).toBe(
      true,
    );

    await page.getByRole('link', { name: `${accountName}に戻る` }).click();
    await expect.poll(async () => row(page, staff.displayName).textContent()).toContain('配信権限なし');

    await row(page, helper.displayName).getByRole('link').click();
    await page.getByRole('button', { name: 'このメンバーをアカウントから削除' }).click();
    const removal = page.getByRole('dialog', { name: `${helper.displayName}さんを削除しますか?` });
    await removal
      .getByText(`${helper.displayName}さんは「${accountName}」で次のことができなくなります。`)
      .waitFor();
    await removal.getByText('チャット').waitFor();
    await screenshot(page, 'members-03-confirm-remove');
    await removal.getByRole('button', { name: '削除する' }).click();
    await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
    await expect.poll(() => row(page, helper.displayName).count()).toBe(0);
    await screenshot(page, 'members-04-after-remove');
    expect(ownerPhone.failures).toEqual([]);
  }, 180_000);

  it('refuses to let the only admin leave, and offers a second admin or a handover', async () => {
    const { page } = ownerPhone;
    await page.goto(accountPath);
    await page.getByText('管理者が1人だけです').first().waitFor();
    await page.getByRole('button', { name: 'このアカウントから抜ける' }).click();
    const dialog = page.getByRole('dialog', { name: '最後の管理者です' });
    await dialog
      .getByText(`あなたは「${accountName}」の最後の管理者なので、抜けることはできません。`)
      .waitFor();
    await dialog.getByRole('link', { name: '退職・異動で引き継ぐ' }).waitFor();
    expect(await dialog.getByRole('button', { name: '抜ける' }).count()).toBe(0);
    await screenshot(page, 'members-05-last-admin');

    // The one tap to a second admin opens メンバーを追加 with 管理者 chosen.
    await dialog.getByRole('link', { name: '2人目の管理者を追加' }).click();
    await page.getByRole('heading', { name: 'メンバーを追加' }).waitFor();
    expect(new URL(page.url()).search).toBe('?role=admin');
    expect(await page.getByRole('radio', { name: '管理者', exact: true }).isChecked()).toBe(true);

    // Their own member page does not offer to lower their role either.
    await page.goto(`${accountPath}/members/${owner.userId}`);
    await page.getByText('あなたは最後の管理者なので、自分の権限を下げることはできません。').waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(ownerPhone.failures).toEqual([]);
  }, 120_000);

  it('hands over in the safe order: invite the successor, wait for them, then leave', async () => {
    const { page } = ownerPhone;
    await page.goto(accountPath);
    await page.getByRole('link', { name: '退職・異動で引き継ぐ' }).click();
    await page.getByRole('heading', { name: '管理者の引き継ぎ', level: 1 }).waitFor();
    await page.getByText('後任が管理者になるまでは、抜けることはできません。').waitFor();
    expect(await page.getByRole('button', { name: 'このアカウントから抜ける' }).count()).toBe(0);

    await page.getByRole('button', { name: '管理者の招待リンクを作る' }).click();
    const url = await page.getByLabel('招待リンク').inputValue();
    expect(url).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
    await page.getByText('未参加').waitFor();
    await screenshot(page, 'members-06-handover-invited');

    const successorPage = await accept(successor, url);
    // The handover page notices by itself (it polls while it waits).
    await page.getByText('参加済み').waitFor();
    await page.getByText(`ほかの管理者: ${successor.displayName}`).waitFor();
    await screenshot(page, 'members-07-handover-accepted');

    await page.getByRole('button', { name: 'このアカウントから抜ける' }).click();
    const dialog = page.getByRole('dialog', { name: `「${accountName}」から抜けますか?` });
    await dialog.getByText('メンバーと招待の管理').waitFor();
    // Nothing is lost that the dialog would have to contradict: no 「できることは変わりません」 under a list.
    expect(await dialog.getByText('できることは変わりません。').count()).toBe(0);
    await dialog.getByRole('button', { name: '抜ける' }).click();
    // The handover ends with what changed and what remains (issue 14), not silently on ホーム.
    await page.getByRole('heading', { name: '引き継ぎが完了しました', level: 1 }).waitFor();
    await page.getByText(`あなたは「${accountName}」の直接の管理者ではなくなりました。`).waitFor();
    await page.getByText(`いまの管理者: ${successor.displayName}さん`).waitFor();
    await page.getByText(`「${accountName}」へのアクセスは、もうありません。`).waitFor();
    await screenshot(page, 'members-08-handover-summary');
    await page.getByRole('link', { name: 'ホームへ' }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    await page.getByText('まだアカウントがありません').waitFor();
    expect(await page.getByText(accountName).count()).toBe(0);
    await screenshot(page, 'members-08-left');

    await successorPage.goto('/');
    const home = successorPage.getByRole('listitem').filter({ hasText: accountName });
    await home.getByText('管理者が1人だけです').waitFor();
    expect(ownerPhone.failures).toEqual([]);
  }, 180_000);

  it('ends a handover that leaves access through a group by saying so, with the group to open', async () => {
    const lead = newLineUser('松本 大輔');
    const next = newLineUser('井上 愛');
    const leadApi = await apiAs(lead);
    const nextApi = await apiAs(next);
    const name = `松本ベーカリー ${Date.now().toString(36)}`;
    const { account } = await leadApi<{ account: { id: string } }>('POST', '/api/accounts', { name });
    const { group } = await leadApi<{ group: { id: string } }>('POST', '/api/groups', { name: '松本エリア' });
    await leadApi('POST', `/api/groups/${group.id}/accounts`, { accountId: account.id });
    await grant(leadApi, nextApi, `/api/accounts/${account.id}`, 'admin');
    // An operator invite issued as a direct admin stays usable: the lead still administers it through the group.
    await leadApi('POST', `/api/accounts/${account.id}/invites`, { role: 'operator', memo: '新人さん' });

    const { page, failures } = await phone(lead);
    await page.goto(`/accounts/${account.id}/handover`);
    await page.getByRole('heading', { name: '管理者の引き継ぎ', level: 1 }).waitFor();
    await page.getByText('抜けると、次のようになります。').waitFor();
    await page.getByText(`グループ「松本エリア」経由で、「${name}」の管理者の権限が残ります。`).waitFor();
    await screenshot(page, 'members-08b-handover-before-leaving');
    await page.getByRole('button', { name: 'このアカウントから抜ける' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '抜ける' }).click();
    await page.getByRole('heading', { name: '引き継ぎが完了しました', level: 1 }).waitFor();
    await page.getByText(`いまの管理者: ${next.displayName}さん`).waitFor();
    await page.getByText('あなたが発行した招待1件は', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'グループ「松本エリア」を開く' }).waitFor();
    await screenshot(page, 'members-08c-handover-group-remains');
    await page.getByRole('link', { name: 'グループ「松本エリア」を開く' }).click();
    await page.getByRole('heading', { name: '松本エリア', level: 1 }).waitFor();
    expect(failures).toEqual([]);
  }, 120_000);

  it('shows the history, newest first, and its tamper check says OK', async () => {
    const { page, failures } = await phone(successor);
    await page.goto(accountPath);
    await page.getByRole('link', { name: '履歴を見る' }).click();
    await page.getByRole('heading', { name: '履歴', level: 1 }).waitFor();
    const events = page.getByRole('list', { name: '履歴' }).getByRole('listitem');
    await events.first().waitFor();
    await expect.poll(() => events.first().textContent()).toContain(`${owner.displayName}さんが抜けました`);
    const text = (await events.allTextContents()).join('\n');
    expect(text).toContain(`${successor.displayName}さんが招待から管理者として参加しました`);
    expect(text).toContain(`${owner.displayName}さんが管理者の招待リンクを発行しました`);
    expect(text).toContain(`${owner.displayName}さんが${helper.displayName}さんを削除しました`);
    expect(text).toContain(`${owner.displayName}さんが${staff.displayName}さんの権限を変更しました`);
    expect(text).toContain('運用担当者 → 運用担当者(配信権限なし)');
    expect(text.indexOf('抜けました')).toBeLessThan(text.indexOf('削除しました'));

    // 20 events a page: the registration and the first invites are on the next one.
    const more = page.getByRole('button', { name: 'さらに表示' });
    if ((await more.count()) > 0) await more.click();
    await page
      .getByText(`${owner.displayName}さんがアカウント「${accountName}」を登録し、管理者になりました`)
      .waitFor();

    await page.getByRole('button', { name: '改ざんチェック' }).click();
    await page.getByText('改ざんはありません。', { exact: false }).waitFor();
    await screenshot(page, 'members-09-history');
    expect(failures).toEqual([]);
  }, 120_000);
});
