import { en } from './en';
import { type Dict, ja } from './ja';

/**
 * The dictionary of the user's language. Chosen once, after `liff.init` and before the first render,
 * so components read it as a plain value.
 */
export let t: Dict = ja;

/** Japanese first: any LINE language tag that is not Japanese gets English. */
export function chooseLanguage(tag: string): void {
  t = tag.toLowerCase().startsWith('ja') ? ja : en;
  document.documentElement.lang = t.lang;
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(t.lang, { year: 'numeric', month: 'long', day: 'numeric' }).format(
    new Date(iso),
  );
}
