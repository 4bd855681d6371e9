-- Growing delays per client address on the login endpoints (auth's rate_limit::Throttle):
-- one row per throttle and address, e.g. `login:ip:203.0.113.9`. `attempts` counts the
-- unforgiven attempts since the address was last quiet; `next_at` is when the next one may
-- start. Addresses only, no user data, so no user_id.
CREATE TABLE address_throttle (
    key      text PRIMARY KEY,
    attempts integer NOT NULL,
    next_at  timestamptz NOT NULL,
    last_at  timestamptz NOT NULL
);
CREATE INDEX address_throttle_last_at ON address_throttle (last_at);
