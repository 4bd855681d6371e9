-- Text embeddings: each distinct normalized merchant or description string is embedded once
-- per model and shared (a cache keyed by the text's hash). HNSW serves this shared table;
-- searches inside one user's rows scan them exactly instead (STACK.md 6).
CREATE TABLE text_embeddings (
    model      text NOT NULL,
    text_hash  bytea NOT NULL,
    text       text NOT NULL,
    embedding  vector(384) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, text_hash)
);
CREATE INDEX text_embeddings_hnsw ON text_embeddings USING hnsw (embedding vector_cosine_ops);
