/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_LIFF_ID: string;
  /** 'true' in demo and development builds: the LIFF SDK runs in mock mode. */
  readonly VITE_LIFF_MOCK?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
