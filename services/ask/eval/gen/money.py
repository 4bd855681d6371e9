from answers import (balance_sql, networth_sql, net_sql, rate_sql, PERIODS,
                     budget_spent_sql, budget_amount_sql, budget_left_sql, goal_sql, goal_eta_sql, ROWS, filters)
from questions import add

# --- balances and net worth ---------------------------------------------------------------
T = "balances"
END_LAST_MONTH = PERIODS["last_month"][1]
END_LAST_YEAR = PERIODS["last_year"][1]
add("balance-account-en-1", "en", T, "What's the balance of my everyday account?", "amount", balance_sql("Everyday Account"))
add("balance-account-en-2", "en", T, "and the savings account?", "amount", balance_sql("Savings Account"), after="^")
add("balance-account-en-3", "en", T, "how much do i owe on my credit card", "amount", f"SELECT round(-v, 2) FROM ({balance_sql('Visa Credit Card')}) x(v)")
add("balance-account-en-4", "en", T, "how much is on the usd travel account", "amount", balance_sql("USD Travel Account"), currency="USD")
add("balance-account-en-5", "en", T, "what was my checking balance at the end of last month", "amount", balance_sql("Everyday Account", day=END_LAST_MONTH))
add("balance-account-en-6", "en", T, "savings balance at the end of last year?", "amount", balance_sql("Savings Account", day=END_LAST_YEAR))
add("networth-en-1", "en", "net_worth", "what's my net worth?", "amount", networth_sql("EUR"))
add("networth-en-2", "en", "net_worth", "what's my net worth in euros, dollars converted", "amount", networth_sql(convert=True))
add("networth-en-3", "en", "balances", "how much cash do i have in checking and savings (eur)", "amount",
    "SELECT round(sum(v), 2) FROM (" + balance_sql("Everyday Account") + " UNION ALL " + balance_sql("Savings Account") + ") x(v)")
add("networth-en-4", "en", "net_worth", "what was my net worth at the end of last month", "amount", networth_sql("EUR", day=END_LAST_MONTH))
add("balance-account-de-1", "de", T, "Wie viel ist auf meinem Girokonto?", "amount", balance_sql("Everyday Account"))
add("balance-account-de-2", "de", T, "und auf dem Sparkonto?", "amount", balance_sql("Savings Account"), after="^")
add("networth-de-1", "de", "net_worth", "wie hoch ist mein vermögen insgesamt in euro umgerechnet", "amount", networth_sql(convert=True))
add("balance-account-de-3", "de", T, "Kreditkartenschulden aktuell", "amount", f"SELECT round(-v, 2) FROM ({balance_sql('Visa Credit Card')}) x(v)")
add("balance-account-fr-1", "fr", T, "quel est le solde de mon compte épargne ?", "amount", balance_sql("Savings Account"))
add("networth-fr-1", "fr", "net_worth", "quelle est ma valeur nette en euros", "amount", networth_sql(convert=True))
add("balance-account-fr-2", "fr", T, "solde du compte courant à la fin du mois dernier", "amount", balance_sql("Everyday Account", day=END_LAST_MONTH))
add("balance-account-es-1", "es", T, "¿cuánto tengo en la cuenta corriente?", "amount", balance_sql("Everyday Account"))
add("networth-es-1", "es", "net_worth", "mi patrimonio neto total en euros (convirtiendo los dólares)", "amount", networth_sql(convert=True))
add("balance-account-es-2", "es", T, "saldo de la cuenta en dólares", "amount", balance_sql("USD Travel Account"), currency="USD")
add("balance-account-it-1", "it", T, "quanto ho sul conto risparmio?", "amount", balance_sql("Savings Account"))
add("networth-it-1", "it", "net_worth", "qual è il mio patrimonio netto in euro", "amount", networth_sql(convert=True))
add("balance-account-it-2", "it", T, "quanto devo sulla carta di credito", "amount", f"SELECT round(-v, 2) FROM ({balance_sql('Visa Credit Card')}) x(v)")

# --- cash flow and savings ----------------------------------------------------------------
T = "cash_flow"
add("cashflow-net-en-1", "en", T, "How much did I save last month?", "amount", net_sql("last_month"))
add("cashflow-net-en-2", "en", T, "and the month before that?", "amount", net_sql("month_before_last"), after="^")
add("cashflow-net-en-3", "en", T, "what's my net cash flow this year", "amount", net_sql("this_year"))
add("cashflow-net-en-4", "en", T, "income minus spending over the last 3 months", "amount", net_sql("last_3_months"))
add("cashflow-net-en-5", "en", T, "how much did i save last year", "amount", net_sql("last_year"))
add("cashflow-rate-en-1", "en", T, "what was my savings rate last month", "percent", rate_sql("last_month"))
add("cashflow-rate-en-2", "en", T, "savings rate over the last 3 months?", "percent", rate_sql("last_3_months"))
add("cashflow-compare-en-1", "en", T, "did i save more this year than last year, by how much", "amount",
    f"{ROWS}\nSELECT round(coalesce(sum(earned - spent) FILTER (WHERE {filters(period='this_year')}), 0) - "
    f"coalesce(sum(earned - spent) FILTER (WHERE {filters(period='last_year')}), 0), 2) FROM r")
add("cashflow-net-usd-en-1", "en", T, "net cash flow on the dollar side this year", "amount", net_sql("this_year", currency="USD"), currency="USD")
add("cashflow-net-de-1", "de", T, "Wie viel habe ich letzten Monat gespart?", "amount", net_sql("last_month"))
add("cashflow-rate-de-1", "de", T, "sparquote letztes jahr", "percent", rate_sql("last_year"))
add("cashflow-net-de-2", "de", T, "Einnahmen minus Ausgaben im letzten Quartal", "amount", net_sql("last_quarter"))
add("cashflow-net-fr-1", "fr", T, "combien j'ai économisé le mois dernier ?", "amount", net_sql("last_month"))
add("cashflow-rate-fr-1", "fr", T, "mon taux d'épargne l'année dernière", "percent", rate_sql("last_year"))
add("cashflow-net-fr-2", "fr", T, "flux de trésorerie net des 3 derniers mois", "amount", net_sql("last_3_months"))
add("cashflow-net-es-1", "es", T, "¿cuánto ahorré el año pasado?", "amount", net_sql("last_year"))
add("cashflow-rate-es-1", "es", T, "tasa de ahorro del mes pasado", "percent", rate_sql("last_month"))
add("cashflow-net-es-2", "es", T, "flujo de caja neto este año", "amount", net_sql("this_year"))
add("cashflow-net-it-1", "it", T, "quanto ho risparmiato il mese scorso?", "amount", net_sql("last_month"))
add("cashflow-rate-it-1", "it", T, "il mio tasso di risparmio negli ultimi 3 mesi", "percent", rate_sql("last_3_months"))
add("cashflow-net-it-2", "it", T, "entrate meno uscite negli ultimi 3 mesi", "amount", net_sql("last_3_months"))

# --- budgets ------------------------------------------------------------------------------
T = "budgets"
add("budget-left-en-1", "en", T, "How much is left in my groceries budget?", "amount", budget_left_sql("Groceries"))
add("budget-spent-en-1", "en", T, "how much of my grocery budget have i used this month", "amount", budget_spent_sql("Groceries"))
add("budget-percent-en-1", "en", T, "what percent of the groceries budget have I used", "percent", budget_left_sql("Groceries", "percent"))
add("budget-left-en-2", "en", T, "eating out budget remaining?", "amount", budget_left_sql("Eating out"))
add("budget-left-en-3", "en", T, "how much coffee budget do i have left this week", "amount", budget_left_sql("Coffee"))
add("budget-amount-en-1", "en", T, "what's my monthly budget for everything", "amount", budget_amount_sql("Everything"))
add("budget-left-en-4", "en", T, "how much can i still spend this month under my overall budget", "amount", budget_left_sql("Everything"))
add("budget-spent-en-2", "en", T, "how much of the travel budget have I spent this year (in eur)", "amount", budget_spent_sql("Travel"))
add("budget-available-en-1", "en", T, "how much do i have available in the groceries budget this month including rollover", "amount", budget_left_sql("Groceries", "available"))
add("budget-left-de-1", "de", T, "Wie viel ist noch im Lebensmittel-Budget übrig?", "amount", budget_left_sql("Groceries"))
add("budget-percent-de-1", "de", T, "wie viel prozent vom gesamtbudget hab ich diesen monat verbraucht", "percent", budget_left_sql("Everything", "percent"))
add("budget-amount-de-1", "de", T, "Wie hoch ist mein Kaffee-Budget?", "amount", budget_amount_sql("Coffee"))
add("budget-left-fr-1", "fr", T, "combien il me reste dans le budget courses ?", "amount", budget_left_sql("Groceries"))
add("budget-spent-fr-1", "fr", T, "combien j'ai dépensé de mon budget voyages cette année", "amount", budget_spent_sql("Travel"))
add("budget-percent-fr-1", "fr", T, "où en est mon budget courses, en pourcentage", "percent", budget_left_sql("Groceries", "percent"))
add("budget-left-fr-2", "fr", T, "et le budget restaurants, combien il reste ?", "amount", budget_left_sql("Eating out"), after="^")
add("budget-left-es-1", "es", T, "¿cuánto me queda del presupuesto de café esta semana?", "amount", budget_left_sql("Coffee"))
add("budget-spent-es-1", "es", T, "gasto del presupuesto general este mes", "amount", budget_spent_sql("Everything"))
add("budget-amount-es-1", "es", T, "¿cuál es mi presupuesto anual de viajes?", "amount", budget_amount_sql("Travel"))
add("budget-left-it-1", "it", T, "quanto mi resta del budget per la spesa?", "amount", budget_left_sql("Groceries"))
add("budget-percent-it-1", "it", T, "percentuale usata del budget caffè questa settimana", "percent", budget_left_sql("Coffee", "percent"))
add("budget-left-it-2", "it", T, "quanto resta del budget viaggi quest'anno", "amount", budget_left_sql("Travel"))

# --- goals --------------------------------------------------------------------------------
T = "goals"
add("goal-saved-en-1", "en", T, "How much have I saved for the summer holiday?", "amount", goal_sql("Summer holiday", "saved"))
add("goal-left-en-1", "en", T, "how much more do i need for it", "amount", goal_sql("Summer holiday", "left"), after="^")
add("goal-eta-en-1", "en", T, "when will I reach my summer holiday goal at this pace?", "date", goal_eta_sql("Summer holiday"))
add("goal-percent-en-1", "en", T, "emergency fund progress in percent", "percent", goal_sql("Emergency fund", "percent"))
add("goal-target-en-1", "en", T, "what's the target of my emergency fund", "amount", goal_sql("Emergency fund", "target"))
add("goal-saved-de-1", "de", T, "Wie viel habe ich schon für den Sommerurlaub gespart?", "amount", goal_sql("Summer holiday", "saved"))
add("goal-percent-de-1", "de", T, "wie viel prozent vom urlaubsziel hab ich", "percent", goal_sql("Summer holiday", "percent"))
add("goal-saved-fr-1", "fr", T, "combien j'ai mis de côté pour le fonds d'urgence ?", "amount", goal_sql("Emergency fund", "saved"))
add("goal-left-fr-1", "fr", T, "combien il me manque pour les vacances d'été", "amount", goal_sql("Summer holiday", "left"))
add("goal-eta-es-1", "es", T, "¿cuándo alcanzaré mi objetivo de vacaciones de verano?", "date", goal_eta_sql("Summer holiday"))
add("goal-percent-es-1", "es", T, "progreso del fondo de emergencia en porcentaje", "percent", goal_sql("Emergency fund", "percent"))
add("goal-saved-it-1", "it", T, "quanto ho risparmiato per le vacanze estive?", "amount", goal_sql("Summer holiday", "saved"))
add("goal-target-it-1", "it", T, "qual è l'obiettivo del fondo di emergenza", "amount", goal_sql("Emergency fund", "target"))
