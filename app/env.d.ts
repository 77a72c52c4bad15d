/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_LIFF_ID: string;
  /** 'true' in demo and development builds: the LIFF SDK runs in mock mode. */
  readonly VITE_LIFF_MOCK?: string;
  /**
   * The basic ID of Kengen's bot (the Messaging API channel's LINE Official Account, e.g. `@123abcde`): the app
   * offers adding it as a friend, so that notifications reach the person. Empty: no such offer.
   */
  readonly VITE_LINE_BOT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
