-- Budgets and goals are read per user (the budget check reads all of a user's budgets).
CREATE INDEX budgets_user ON budgets (user_id, created_at);
CREATE INDEX goals_user ON goals (user_id, created_at);
