-- Whether the user has a Telegram chat linked, published by the bot (docs/ARCHITECTURE.md,
-- "Who owns each table") so notifications can leave out the Telegram channel for a user
-- nobody could deliver to, in the statement that fans a notification out.
CREATE FUNCTION telegram_chat_linked(p_user_id uuid) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM telegram_links WHERE user_id = p_user_id)
$$;
