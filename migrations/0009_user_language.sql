-- Issue 13: LINE messages in Japanese first, in English for people whose LINE language is not Japanese.
-- The ID token carries no language, so the app sends LIFF's at sign-in (POST /api/session `language`) and the
-- upsert stores it. A BCP 47 tag as LINE reports it ('ja', 'en-US', 'zh-Hant-TW'): letters, digits and
-- hyphens, at most 35 characters (RFC 5646 §4.4.1). NULL until the person signs in with one: Japanese.
ALTER TABLE users ADD COLUMN language TEXT
  CHECK (language IS NULL OR (length(language) BETWEEN 2 AND 35 AND language NOT GLOB '*[^A-Za-z0-9-]*'));
