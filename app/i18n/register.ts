import { t } from './index';

// The words of the screen that registers an account. Kept out of the main dictionaries: only that (lazily
// loaded) screen needs them, so the first screen's JavaScript stays small.

const ja = {
  title: 'アカウントを登録',
  intro: '登録したLINE公式アカウントでは、あなたが最初の管理者になります。',
  name: 'アカウント名',
  nameRequired: 'アカウント名を入力してください。',
  nameTooLong: (max: number) => `${max}文字以内で入力してください。`,
  basicId: 'ベーシックID(任意)',
  basicIdHint: '例: @123abcde',
  basicIdInvalid: '「@」に続けて半角英小文字・数字・「.」「_」「-」で入力してください。',
  submit: '登録する',
  sending: '登録しています…',
  failed: '登録できませんでした',
  cancel: 'キャンセル',
};

export type RegisterDict = typeof ja;

const en: RegisterDict = {
  title: 'Register an account',
  intro: 'You become the first admin of the LINE Official Account you register.',
  name: 'Account name',
  nameRequired: 'Enter the account name.',
  nameTooLong: (max: number) => `Use at most ${max} characters.`,
  basicId: 'Basic ID (optional)',
  basicIdHint: 'For example @123abcde',
  basicIdInvalid: 'Start with “@”, then use lowercase letters, digits, “.”, “_” or “-”.',
  submit: 'Register',
  sending: 'Registering…',
  failed: 'Could not register the account',
  cancel: 'Cancel',
};

/** The dictionary in the user's language (chosen before the first render). */
export function tr(): RegisterDict {
  return t.lang === 'ja' ? ja : en;
}
