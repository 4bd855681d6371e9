-- The card network's merchant category code (ISO 18245), as GoCardless (merchantCategoryCode)
-- and OFX files (SIC) pass it on for card payments: the categorizer's evidence when a row's
-- text names nothing it knows (an independent restaurant), and a category source of its own.
ALTER TABLE transactions ADD COLUMN merchant_category_code TEXT
    CHECK (merchant_category_code ~ '^[0-9]{4}$');

ALTER TABLE transactions DROP CONSTRAINT transactions_category_source_check;
ALTER TABLE transactions ADD CONSTRAINT transactions_category_source_check
    CHECK (category_source IN ('rule', 'history', 'knn', 'mcc', 'llm', 'user'));
