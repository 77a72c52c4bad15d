/** Worker bindings: the same names in the local and the production configuration (wrangler.toml). */
export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  APP_ENV: 'local' | 'production';
  /** The LINE Login channel ID: the audience of LINE ID tokens. */
  LINE_CHANNEL_ID: string;
  LIFF_ID: string;
  /** Base URL of LINE's API; keys are read from `{LINE_API_BASE}/oauth2/v2.1/certs`. */
  LINE_API_BASE: string;
  /** Public origin of the app, used to build links outside LIFF (local runs). */
  APP_ORIGIN: string;
  SESSION_SECRET: string;
  /** Secret that seals the audit chain (HMAC-SHA-256). A Worker secret in production, never committed. */
  AUDIT_KEY: string;
  /** The id stored with every event AUDIT_KEY seals; a new id for each new key. */
  AUDIT_KEY_ID: string;
  /** JSON object of key id → secret: keys no longer used to seal, still used to verify older events. */
  AUDIT_KEYS_RETIRED?: string;
  /** "true" only on a deployment whose history predates the key: events sealed with plain SHA-256 verify. */
  AUDIT_ACCEPT_UNKEYED?: string;
  /**
   * Encrypts the channel access tokens of connected accounts (AES-256-GCM, SPEC §9): base64 of 32 random
   * bytes. A Worker secret in production, never committed.
   */
  CHANNEL_TOKEN_KEY: string;
  /** The id stored with every token CHANNEL_TOKEN_KEY encrypts; a new id for each new key. */
  CHANNEL_TOKEN_KEY_ID: string;
  /** JSON object of key id → key: keys no longer used to encrypt, still used to decrypt older tokens. */
  CHANNEL_TOKEN_KEYS_RETIRED?: string;
  /** Kengen's own Messaging API channel (the bot that notifies people, SPEC §8). Secrets in production. */
  LINE_BOT_CHANNEL_ACCESS_TOKEN: string;
  /** Signs LINE's webhook calls (x-line-signature). */
  LINE_BOT_CHANNEL_SECRET: string;
  /** Carries the ids of notifications committed to the outbox to the consumer that pushes them. */
  NOTIFICATIONS: Queue<{ notificationId: string }>;
  /** Private JWK of the local stand-in issuer. Present only in the local configuration. */
  DEV_ID_TOKEN_KEY?: string;
}

export interface Variables {
  requestId: string;
  userId: string;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
