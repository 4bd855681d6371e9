-- Retention (issue 23): `retention.ask_conversations_days` = 0 keeps conversations forever;
-- such a conversation has no expiry. The sweep deletes expired ones across all users.
ALTER TABLE ask_conversations ALTER COLUMN expires_at DROP NOT NULL;
CREATE INDEX ask_conversations_expires_at ON ask_conversations (expires_at);
