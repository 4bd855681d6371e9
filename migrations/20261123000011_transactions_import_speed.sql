-- Every index on transactions is paid for by every imported row (100,000 at a time), so
-- the table keeps only indexes that queries need. (Before the first release: no deployed
-- table is large enough for these plain, locking index statements to matter.)

-- Rows arrive uncategorized and are categorized afterwards; an index of only the
-- categorized rows costs an import nothing, and every category query names a category.
CREATE INDEX transactions_categorized_time ON transactions (user_id, category_id, booked_at DESC)
    WHERE category_id IS NOT NULL;
DROP INDEX transactions_category_time;

-- Lookups by id go through the primary key (id, booked_at), whose leading column is the id;
-- queries add user_id as a filter. A second (user_id, id) index bought nothing.
DROP INDEX transactions_user_id;
