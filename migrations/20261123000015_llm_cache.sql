-- Answers of the OpenAI-compatible chat model, reused for identical requests (kakeibo-llm).
-- The key is the SHA-256 of the model name and the canonical request JSON, so two requests
-- share a row only if every message, tool and schema is the same; category ids are per user,
-- so one user's categorization request never matches another's.
CREATE TABLE llm_cache (
    key                bytea PRIMARY KEY CHECK (length(key) = 32),
    model              text NOT NULL,
    -- The validated reply, as kakeibo-llm's ChatReply serializes it.
    response           jsonb NOT NULL,
    -- What the original call cost; a cache hit costs nothing.
    prompt_tokens      bigint NOT NULL,
    completion_tokens  bigint NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);
-- Expired rows are found and pruned by age.
CREATE INDEX llm_cache_created_at ON llm_cache (created_at);
