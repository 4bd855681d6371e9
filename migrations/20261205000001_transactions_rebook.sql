-- Moving a transaction to another booking date, across chunks.
--
-- TimescaleDB refuses an UPDATE that moves a row's booked_at into another chunk ("new row for
-- relation _hyper_… violates check constraint"). A pending row that posts weeks later, a
-- bank's corrected date and a user's edit of the date all change booked_at, and any of them
-- can cross a 90-day boundary: the whole import or sync then failed, every time, until the
-- row left the provider's window. transactions_rebook moves rows by insert and delete in the
-- caller's transaction instead, whatever the chunks, keeping everything that is the row's:
-- - every column (id, the user's category, merchant, notes, tags and locks, the transfer
--   link, import, the categorizer's bookkeeping and merchant_key, which keys the embedding
--   cache), copied through the row type, so a column added later is carried too;
-- - its split parts, re-pointed at the new key before the old row goes (the delete trigger
--   would otherwise remove them);
-- - the rollups' dirty days: the insert marks the new day, the delete the old one, through
--   the statement triggers as for any other change.
-- A moved row is not a new correction: learn_from_correction skips the re-insert, or a move
-- would put back an example the user has since corrected on another row.

CREATE OR REPLACE FUNCTION learn_from_correction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('kakeibo.rebooking', true) = 'on' THEN
        RETURN NEW;
    END IF;
    INSERT INTO user_examples (user_id, model, text_hash, text, category_id, embedding)
    SELECT NEW.user_id, e.model, e.text_hash, e.text, NEW.category_id, e.embedding
    FROM text_embeddings e
    WHERE e.text_hash = NEW.merchant_key
    ON CONFLICT (user_id, model, text_hash)
        DO UPDATE SET category_id = EXCLUDED.category_id, created_at = now();
    RETURN NEW;
END
$$;

-- Moves the user's rows p_ids[i] to p_booked_at[i]; rows already there are left alone.
-- Answers how many rows moved. Locks the rows first, so an edit running beside it waits
-- instead of changing a row that is about to be copied.
CREATE FUNCTION transactions_rebook(p_user uuid, p_ids uuid[], p_booked_at timestamptz[])
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    moved integer;
BEGIN
    PERFORM 1 FROM transactions t
    JOIN unnest(p_ids, p_booked_at) AS m(id, booked_at) ON m.id = t.id
    WHERE t.user_id = p_user AND t.booked_at <> m.booked_at
    ORDER BY t.id
    FOR UPDATE OF t;

    PERFORM set_config('kakeibo.rebooking', 'on', true);
    -- LATERAL, not (jsonb_populate_record(…)).*, which runs the function once per column.
    INSERT INTO transactions
    SELECT moved_row.*
    FROM transactions t
    JOIN unnest(p_ids, p_booked_at) AS m(id, booked_at) ON m.id = t.id
    CROSS JOIN LATERAL jsonb_populate_record(
        NULL::transactions,
        to_jsonb(t) || jsonb_build_object('booked_at', m.booked_at, 'updated_at', now())) AS moved_row
    WHERE t.user_id = p_user AND t.booked_at <> m.booked_at;
    GET DIAGNOSTICS moved = ROW_COUNT;
    PERFORM set_config('kakeibo.rebooking', 'off', true);
    IF moved = 0 THEN
        RETURN 0;
    END IF;

    UPDATE transaction_splits s SET booked_at = m.booked_at
    FROM unnest(p_ids, p_booked_at) AS m(id, booked_at)
    WHERE s.user_id = p_user AND s.transaction_id = m.id AND s.booked_at <> m.booked_at;

    DELETE FROM transactions t
    USING unnest(p_ids, p_booked_at) AS m(id, booked_at)
    WHERE t.user_id = p_user AND t.id = m.id AND t.booked_at <> m.booked_at;
    RETURN moved;
END
$$;
