import { type Dict, ja } from './ja';

/**
 * The dictionary of the user's language. Chosen once, after `liff.init` and before the first render,
 * so components read it as a plain value.
 */
export let t: Dict = ja;

/**
 * Japanese first: any LINE language tag that is not Japanese gets English. The English dictionary is a chunk
 * of its own (most people use LINE in Japanese; the first screen's JavaScript budget is tight); when it
 * cannot load, Japanese it is.
 */
export async function chooseLanguage(tag: string): Promise<void> {
  t = tag.toLowerCase().startsWith('ja')
    ? ja
    : await import('./en').then(
        (m) => m.en,
        () => ja,
      );
  document.documentElement.lang = t.lang;
}

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

/** The app's one date format: 「2026年3月2日」, "March 2, 2026". */
export function formatDate(iso: string, lang: string = t.lang): string {
  return new Intl.DateTimeFormat(lang, DAY).format(new Date(iso));
}

/** The same date with the time: 「2026年3月2日 18:00」, "March 2, 2026 at 6:00 PM". */
export function formatDateTime(iso: string, lang: string = t.lang): string {
  return new Intl.DateTimeFormat(lang, { ...DAY, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}
