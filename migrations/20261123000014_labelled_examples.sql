-- The labelled examples the categorizer's kNN step votes with (DESIGN.md §4, step 4).
-- Built-in examples are shared by every user and searched through HNSW; a user's own
-- corrections are searched exactly, over their rows only (STACK.md 6: an HNSW search
-- filtered by user finds almost nothing).

CREATE TABLE builtin_examples (
    model          text NOT NULL,
    text           text NOT NULL,
    category_slug  text NOT NULL REFERENCES default_categories (slug),
    embedding      vector(384) NOT NULL,
    PRIMARY KEY (model, text)
);
CREATE INDEX builtin_examples_hnsw ON builtin_examples USING hnsw (embedding vector_cosine_ops);

-- One row per normalized text a user labelled: the latest correction wins.
CREATE TABLE user_examples (
    user_id      uuid NOT NULL,
    model        text NOT NULL,
    text_hash    bytea NOT NULL,
    text         text NOT NULL,
    category_id  uuid NOT NULL,
    embedding    vector(384) NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, model, text_hash),
    -- Via categories, which reference users: deleting either removes the example.
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE CASCADE
);
