-- The LLM step of categorization, when a model is configured, may find the server down or
-- slow: the row keeps its offline result and is asked again later. Expand only.
--   llm_retry_at:   when to ask the model again; NULL when nothing is owed.
--   llm_attempts:   failed attempts so far (the wait doubles with each).
ALTER TABLE transactions ADD COLUMN llm_retry_at timestamptz;
ALTER TABLE transactions ADD COLUMN llm_attempts smallint NOT NULL DEFAULT 0;
CREATE INDEX transactions_llm_retry ON transactions (llm_retry_at, user_id)
    WHERE llm_retry_at IS NOT NULL;
