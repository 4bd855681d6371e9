-- Consent for external LLMs (issue 23): when the chat model runs off this machine, a user's
-- data goes to it only after they said yes. NULL: no consent (the default); else when given.
ALTER TABLE users ADD COLUMN llm_consent_at timestamptz;
