-- The user's time zone, published by auth (docs/ARCHITECTURE.md, "Who owns each table") for
-- queries that work in the user's calendar inside one statement; NULL for an unknown user.
-- Rust code calls kakeibo_auth::local_time instead.
CREATE FUNCTION user_time_zone(p_user_id uuid) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT time_zone FROM users WHERE id = p_user_id
$$;
