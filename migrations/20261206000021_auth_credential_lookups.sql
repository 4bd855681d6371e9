-- The `AuthUser` extractor lives in core, which every crate depends on, so it cannot call
-- auth's Rust code; auth publishes these two lookups instead (docs/ARCHITECTURE.md, "Who
-- owns each table"). Same statements as the extractor ran before, one round trip each.

-- Whether the user behind a live session has verified their e-mail; no row when the session
-- is unknown, revoked, expired or not that user's.
CREATE FUNCTION auth_live_session(p_session_id uuid, p_user_id uuid)
RETURNS TABLE (email_verified boolean)
LANGUAGE sql STABLE AS $$
    SELECT u.email_verified_at IS NOT NULL
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = p_session_id AND s.user_id = p_user_id
      AND s.revoked_at IS NULL AND s.expires_at > now()
$$;

-- Marks a live API token used and returns whose it is; no row when it is unknown, revoked or
-- expired.
CREATE FUNCTION auth_use_api_token(p_token_hash bytea)
RETURNS TABLE (token_id uuid, user_id uuid, scopes text[], email_verified boolean)
LANGUAGE sql VOLATILE AS $$
    UPDATE api_tokens t SET last_used_at = now()
    FROM users u
    WHERE t.token_hash = p_token_hash AND u.id = t.user_id AND t.revoked_at IS NULL
      AND (t.expires_at IS NULL OR t.expires_at > now())
    RETURNING t.id, t.user_id, t.scopes, u.email_verified_at IS NOT NULL
$$;
