-- The categorizer's bookkeeping on each transaction (DESIGN.md §4, step 4). Expand only: new
-- nullable columns, which older code ignores.
--   merchant_key:   SHA-256 of the normalized merchant text; the key of the user's history
--                   for a merchant and of the embedding cache (text_embeddings.text_hash).
--   categorized_at: when the pipeline last looked at the row; NULL means it has not yet.
ALTER TABLE transactions ADD COLUMN merchant_key bytea;
ALTER TABLE transactions ADD COLUMN categorized_at timestamptz;

-- The pipeline's queue: a user's rows it has not looked at. Rows leave it once seen.
CREATE INDEX transactions_to_categorize ON transactions (user_id, booked_at)
    WHERE categorized_at IS NULL AND deleted_at IS NULL;
-- Step 2, the user's own history for a merchant: only rows the user categorized count.
CREATE INDEX transactions_user_choices ON transactions (user_id, merchant_key, booked_at DESC)
    WHERE category_source = 'user';

-- A correction becomes a labelled example at once, whichever path wrote it (the API, bulk
-- recategorizing, a future one): the embedding is already cached under the row's key.
CREATE FUNCTION learn_from_correction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO user_examples (user_id, model, text_hash, text, category_id, embedding)
    SELECT NEW.user_id, e.model, e.text_hash, e.text, NEW.category_id, e.embedding
    FROM text_embeddings e
    WHERE e.text_hash = NEW.merchant_key
    ON CONFLICT (user_id, model, text_hash)
        DO UPDATE SET category_id = EXCLUDED.category_id, created_at = now();
    RETURN NEW;
END
$$;
CREATE TRIGGER transactions_learn_from_correction
    AFTER INSERT OR UPDATE OF category_id, category_source, merchant_key ON transactions
    FOR EACH ROW
    WHEN (NEW.category_source = 'user' AND NEW.category_id IS NOT NULL
          AND NEW.merchant_key IS NOT NULL AND NEW.deleted_at IS NULL)
    EXECUTE FUNCTION learn_from_correction();
