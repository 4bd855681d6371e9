-- The fields of a transaction the user set by hand ('category', 'merchant'): nothing
-- automatic (rules, the categorizer, a re-import) overwrites a locked field. Expand only: a
-- new column with a constant default, which older code ignores.
ALTER TABLE transactions ADD COLUMN locked_fields text[] NOT NULL DEFAULT '{}';
