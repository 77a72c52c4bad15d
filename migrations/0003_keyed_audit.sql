-- The audit chain is keyed (SPEC §7): new events carry an HMAC-SHA-256 under the Worker secret AUDIT_KEY and
-- the id of that key, so the key can be rotated (older ids stay verifiable through AUDIT_KEYS_RETIRED).
-- Events written before this migration were sealed with plain SHA-256; they keep the id 'sha256', and the
-- verifier accepts that id only before the first keyed event of a chain (a downgrade after it is a break).
ALTER TABLE audit_events
  ADD COLUMN key_id TEXT NOT NULL DEFAULT 'sha256' CHECK (length(key_id) BETWEEN 1 AND 64);
