"""More questions in German, French, Spanish and Italian: periods, follow-ups, accounts."""
from answers import flow_sql, diff_sql, count_sql, net_sql, top_sql, biggest_sql, budget_left_sql, recurring_amount_sql
from questions import add


def sp(**k):
    return flow_sql("spent", **k)


T = "spending"
add("spend-period-de-1", "de", T, "was hab ich gestern ausgegeben", "amount", sp(period="yesterday"))
add("spend-period-de-2", "de", T, "Ausgaben für Lebensmittel im 3. Quartal", "amount", sp(period="q3", cat="Groceries"))
add("spend-period-de-3", "de", T, "und im Oktober?", "amount", sp(period="month_10", cat="Groceries"), after="^")
add("spend-period-de-4", "de", T, "seit Juni für Restaurants", "amount", sp(period="since_6", cat="Restaurants"))
add("spend-period-de-5", "de", T, "wie viel hab ich letzten samstag ausgegeben", "amount", sp(period="last_saturday"))
add("spend-period-de-6", "de", T, "Ausgaben der letzten 30 Tage", "amount", sp(period="last_30_days"))
add("spend-merchant-de-5", "de", T, "Wie viel ging dieses Jahr an Lieferando?", "amount", sp(period="this_year", merchant="Lieferando"))
add("spend-merchant-de-6", "de", T, "und an Wolt?", "amount", sp(period="this_year", merchant="Wolt"), after="^")
add("spend-period-fr-1", "fr", T, "mes dépenses d'hier", "amount", sp(period="yesterday"))
add("spend-period-fr-2", "fr", T, "courses au troisième trimestre", "amount", sp(period="q3", cat="Groceries"))
add("spend-period-fr-3", "fr", T, "et le mois d'avant ?", "amount", sp(period="month_before_last", cat="Restaurants"), after="spend-cat-last-month-fr-2")
add("spend-period-fr-4", "fr", T, "dépenses en vêtements depuis mai", "amount", sp(period="since_5", cat="Clothing"))
add("spend-period-fr-5", "fr", T, "combien j'ai dépensé le trimestre dernier", "amount", sp(period="last_quarter"))
add("spend-merchant-fr-4", "fr", T, "combien chez Lidl cette année ?", "amount", sp(period="this_year", merchant="Lidl"))
add("spend-merchant-fr-5", "fr", T, "et chez Aldi ?", "amount", sp(period="this_year", merchant="Aldi Nord"), after="^")
add("spend-period-es-1", "es", T, "¿cuánto gasté ayer?", "amount", sp(period="yesterday"))
add("spend-period-es-2", "es", T, "gastos en supermercado en el tercer trimestre", "amount", sp(period="q3", cat="Groceries"))
add("spend-period-es-3", "es", T, "¿y en septiembre?", "amount", sp(period="month_9", cat="Groceries"), after="^")
add("spend-period-es-4", "es", T, "gastos de los últimos 30 días", "amount", sp(period="last_30_days"))
add("spend-period-es-5", "es", T, "restaurantes desde junio", "amount", sp(period="since_6", cat="Restaurants"))
add("spend-merchant-es-4", "es", T, "¿cuánto he gastado en Amazon este año?", "amount", sp(period="this_year", merchant="Amazon"))
add("spend-merchant-es-5", "es", T, "¿y en Zalando?", "amount", sp(period="this_year", merchant="Zalando"), after="^")
add("spend-period-it-1", "it", T, "quanto ho speso ieri", "amount", sp(period="yesterday"))
add("spend-period-it-2", "it", T, "spesa alimentare nel terzo trimestre", "amount", sp(period="q3", cat="Groceries"))
add("spend-period-it-3", "it", T, "e a ottobre?", "amount", sp(period="month_10", cat="Groceries"), after="^")
add("spend-period-it-4", "it", T, "uscite degli ultimi 30 giorni", "amount", sp(period="last_30_days"))
add("spend-period-it-5", "it", T, "ristoranti da giugno a oggi", "amount", sp(period="since_6", cat="Restaurants"))
add("spend-merchant-it-4", "it", T, "quanto ho speso da Lidl il mese scorso?", "amount", sp(period="last_month", merchant="Lidl"))
add("spend-merchant-it-5", "it", T, "e da Rewe?", "amount", sp(period="last_month", merchant="Rewe"), after="^")
add("spend-compare-de-2", "de", T, "wie viel weniger hab ich diesen monat für kaffee ausgegeben als letzten monat", "amount", diff_sql("last_month", "this_month", cat="Coffee Shops"))
add("spend-top-cat-es-2", "es", T, "las 3 categorías principales (nivel superior) del año pasado", "list", top_sql("top", 3, period="last_year"))
add("spend-account-es-2", "es", T, "¿y con la cuenta corriente?", "amount", sp(period="this_month", account="Everyday Account"), after="spend-account-es-1")
T = "transactions"
add("tx-count-merchant-fr-2", "fr", T, "et l'année dernière ?", "count", count_sql(period="last_year", merchant="Starbucks", currency=None), after="tx-count-merchant-fr-1")
add("tx-biggest-it-3", "it", T, "e il mese prima?", "amount", biggest_sql(period="month_before_last"), after="tx-biggest-it-1")
T = "cash_flow"
add("cashflow-net-es-3", "es", T, "¿y este año?", "amount", net_sql("this_year"), after="cashflow-net-es-1")
T = "budgets"
add("budget-left-de-2", "de", T, "und beim Kaffee-Budget diese Woche?", "amount", budget_left_sql("Coffee"), after="budget-left-de-1")
T = "recurring"
add("recurring-amount-de-1", "de", T, "was kostet mein Deutschlandticket", "amount", recurring_amount_sql("Deutschlandticket"))
add("recurring-amount-es-1", "es", T, "¿cuánto pago por el gimnasio?", "amount", recurring_amount_sql("FitX"))

# Typed in a hurry.
T = "spending"
add("spend-typo-de-1", "de", T, "was hab ich für restaurnts letzten monat ausgegebn", "amount", sp(period="last_month", cat="Restaurants"))
add("spend-typo-fr-1", "fr", T, "combien jai depensé en courses cette semaine", "amount", sp(period="this_week", cat="Groceries"))
add("spend-typo-es-1", "es", T, "cuanto gaste en gasolna el mes pasado", "amount", sp(period="last_month", cat="Fuel"))
add("spend-typo-it-1", "it", T, "quanto o speso al supermercato questo mese", "amount", sp(period="this_month", cat="Groceries"))
add("spend-typo-en-1", "en", T, "how much did i spend on coffe last week €", "amount", sp(period="last_week", cat="Coffee Shops"))
