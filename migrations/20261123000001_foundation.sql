-- Extensions and helpers every later migration uses.
CREATE EXTENSION IF NOT EXISTS timescaledb;
CREATE EXTENSION IF NOT EXISTS vector;

-- Keeps updated_at true without every UPDATE having to remember it.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- ISO 4217 codes are three capital letters; a domain keeps the check in one place.
CREATE DOMAIN currency_code AS char(3) CHECK (VALUE ~ '^[A-Z]{3}$');
-- Money is exact: 19 digits with 4 after the point, never a float.
CREATE DOMAIN money_amount AS numeric(19, 4);
