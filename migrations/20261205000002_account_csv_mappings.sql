-- CSV column mappings a user confirmed for an account (an import with an explicit mapping or
-- preset that succeeded), found again by the file's header line, so next month's export of
-- the same bank needs no question. Owned by bank-sync (services/bank-sync/src/import_files.rs).
CREATE TABLE account_csv_mappings (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL,
    account_id uuid NOT NULL,
    -- The header line's fields, trimmed, joined by U+001F.
    header     text NOT NULL,
    -- A `CsvMapping` as `csv_mapping` takes it.
    mapping    jsonb NOT NULL,
    -- The preset it came from, when it was one.
    preset     text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (user_id, account_id) REFERENCES accounts (user_id, id) ON DELETE CASCADE
);
-- One mapping per account and header; md5 keeps long header lines within an index entry.
CREATE UNIQUE INDEX account_csv_mappings_header
    ON account_csv_mappings (user_id, account_id, md5(header));
CREATE TRIGGER account_csv_mappings_updated_at BEFORE UPDATE ON account_csv_mappings
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
