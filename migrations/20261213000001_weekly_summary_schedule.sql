-- The weekly summary's schedule (issue 22), one row per user who changed it; no row: Monday at
-- 08:00 in the user's zone, and a short summary for a week with no transactions. Whether the
-- summary is sent at all is the user's `weekly_summary` × `email` channel preference, which
-- the unsubscribe link also turns off.
CREATE TABLE notification_summary_settings (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- ISO day of the week: 1 = Monday … 7 = Sunday.
    weekday    smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),
    -- Local hour in the user's zone.
    local_hour smallint NOT NULL DEFAULT 8 CHECK (local_hour BETWEEN 0 AND 23),
    -- A week with no transactions: a short summary, or none.
    empty_week text NOT NULL DEFAULT 'short' CHECK (empty_week IN ('short', 'none')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

