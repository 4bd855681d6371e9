-- Notifications (issue 21): the user's preferences, and the columns that make the existing
-- `notifications` rows (one per user × channel × dedupe key) the delivery outbox.

-- One row per kind × channel the user has changed; a kind × channel with no row takes the
-- default in kakeibo_notifications::preferences (so new kinds need no backfill).
CREATE TABLE notification_channel_prefs (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('telegram', 'email', 'in_app')),
    enabled    boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind, channel)
);

-- Delivery timing, one row per user who changed it; no row = instant, no quiet hours.
-- Times are local to the user's zone (users.time_zone); a window may wrap midnight.
CREATE TABLE notification_settings (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    quiet_enabled boolean NOT NULL DEFAULT false,
    quiet_start   time NOT NULL DEFAULT '22:00',
    quiet_end     time NOT NULL DEFAULT '07:00',
    delivery      text NOT NULL DEFAULT 'instant' CHECK (delivery IN ('instant', 'daily_digest')),
    digest_time   time NOT NULL DEFAULT '08:00',
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (quiet_start <> quiet_end)
);

-- "Large transaction" thresholds, one per currency (no conversion: a threshold in EUR says
-- nothing about a payment in JPY). No row for a currency: no large-transaction alerts in it.
CREATE TABLE notification_large_thresholds (
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    currency currency_code NOT NULL,
    amount   money_amount NOT NULL CHECK (amount > 0),
    PRIMARY KEY (user_id, currency)
);

-- "Low balance" thresholds per account, in the account's currency.
CREATE TABLE notification_low_balance (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    amount     money_amount NOT NULL,
    PRIMARY KEY (user_id, account_id)
);

-- The outbox. `deliver_after`: not before (quiet hours, digest, a retry's backoff).
-- `queued_at`: a delivery job was enqueued for the row (the release tick skips it unless that
-- was long ago and the job was lost). `claimed_at`: a worker took it ('sending').
-- `group_id`: the rows sent together as one message.
ALTER TABLE notifications
    ADD COLUMN deliver_after timestamptz,
    ADD COLUMN queued_at     timestamptz,
    ADD COLUMN claimed_at    timestamptz,
    ADD COLUMN group_id      uuid;
ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed'));
CREATE INDEX notifications_due ON notifications (deliver_after)
    WHERE status = 'pending' AND channel <> 'in_app';
CREATE INDEX notifications_in_doubt ON notifications (claimed_at) WHERE status = 'sending';
CREATE INDEX notifications_unread ON notifications (user_id)
    WHERE channel = 'in_app' AND read_at IS NULL;
