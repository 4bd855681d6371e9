-- The categorizer abstains when it is unsure (DESIGN.md §4): the row keeps no category,
-- and up to three suggestions wait beside it for the user, as
-- [{"category_id": uuid, "confidence": real}, ...], best first.
ALTER TABLE transactions ADD COLUMN category_suggestions JSONB;

-- A chain's identity from the dictionary, beside its display name, for logos later.
ALTER TABLE transactions ADD COLUMN merchant_website TEXT;
ALTER TABLE transactions ADD COLUMN merchant_wikidata TEXT;

-- The review queue: rows the categorizer has seen and left without a category, grouped
-- by merchant. Transfers are settled by their link, not by a category.
CREATE INDEX transactions_needs_review ON transactions (user_id, merchant_key)
    WHERE category_id IS NULL AND deleted_at IS NULL AND categorized_at IS NOT NULL
      AND transfer_id IS NULL;
