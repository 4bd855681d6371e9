-- A user's rules: run in `position` order over new transactions (the categorizer's first
-- step) and, on request, over existing ones. A rule matches when all its triggers hold.
-- Triggers are a JSON list (their shapes live in services/transactions/src/rules.rs);
-- actions are columns, so the category an action sets is a real reference to the user's
-- category.
CREATE TABLE rules (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position        integer NOT NULL,
    name            text NOT NULL CHECK (btrim(name) <> ''),
    enabled         boolean NOT NULL DEFAULT true,
    -- A match stops the rules after this one.
    stop_processing boolean NOT NULL DEFAULT false,
    triggers        jsonb NOT NULL CHECK (jsonb_typeof(triggers) = 'array' AND jsonb_array_length(triggers) > 0),
    -- Actions. Deleting the category leaves the rule without that action (SET NULL).
    category_id     uuid,
    merchant        text,
    add_tags        text[] NOT NULL DEFAULT '{}',
    -- Sets the user's transfer category (see docs/decisions.md, "Rules and splits").
    mark_transfer   boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, id),
    FOREIGN KEY (user_id, category_id) REFERENCES categories (user_id, id) ON DELETE SET NULL (category_id)
);
CREATE INDEX rules_user_position ON rules (user_id, position, id);
CREATE TRIGGER rules_updated_at BEFORE UPDATE ON rules
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
