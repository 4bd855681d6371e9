from answers import (recurring_count_sql, recurring_monthly_sql, recurring_amount_sql, recurring_next_sql,
                     upcoming_count_sql, upcoming_sum_sql, UPCOMING, upcoming_where, price_increase_list_sql,
                     LIVE_SERIES, anomalies_count_sql, insights_count_sql, forecast_sql, count_sql, flow_sql, PERIODS)
from questions import add

# --- recurring payments and subscriptions -------------------------------------------------
T = "recurring"
ENDED = "SELECT coalesce(array_agg(rs.merchant ORDER BY rs.merchant), '{}') FROM recurring_series rs WHERE rs.user_id = $1 AND rs.user_state <> 'ignored' AND rs.status = 'ended' AND rs.amount < 0"
UP_LIST = lambda days: f"{UPCOMING}\nSELECT coalesce(array_agg(merchant ORDER BY on_day, merchant), '{{}}') FROM due WHERE {upcoming_where(days)}"
RAISED_THIS_YEAR = (f"SELECT coalesce(array_agg(rs.merchant ORDER BY rs.merchant), '{{}}') FROM recurring_series rs WHERE {LIVE_SERIES} "
                    f"AND rs.amount < 0 AND rs.previous_amount IS NOT NULL AND rs.amount < rs.previous_amount "
                    f"AND rs.price_changed_on BETWEEN {PERIODS['this_year'][0]} AND $2::date")
SALARY = (f"SELECT round(rs.amount, 2) FROM recurring_series rs WHERE {LIVE_SERIES} AND rs.amount > 0 "
          "AND rs.cadence = 'monthly' AND lower(rs.merchant) = lower('Nordlicht Software')")
add("recurring-count-en-1", "en", T, "How many subscriptions and recurring payments do I have?", "count", recurring_count_sql())
add("recurring-monthly-en-1", "en", T, "what do my recurring payments cost per month", "amount", recurring_monthly_sql())
add("recurring-monthly-en-2", "en", T, "and in dollars?", "amount", recurring_monthly_sql("USD"), after="^", currency="USD")
add("recurring-amount-en-1", "en", T, "how much is my netflix subscription", "amount", recurring_amount_sql("Netflix"))
add("recurring-amount-en-2", "en", T, "and spotify?", "amount", recurring_amount_sql("Spotify"), after="^")
add("recurring-next-en-1", "en", T, "when is the next rent payment due", "date", recurring_next_sql("Hausverwaltung Brandt"))
add("recurring-upcoming-en-1", "en", T, "which bills are due in the next 7 days", "list", UP_LIST(7))
add("recurring-upcoming-en-2", "en", T, "how much will recurring payments take out in the next 30 days", "amount", upcoming_sum_sql(30))
add("recurring-upcoming-en-3", "en", T, "how many recurring payments are coming up in the next 2 weeks", "count", upcoming_count_sql(14))
add("recurring-increase-en-1", "en", T, "did any of my subscriptions go up in price recently?", "list", price_increase_list_sql(60), ordered=False)
add("recurring-increase-en-2", "en", T, "which subscriptions got more expensive this year", "list", RAISED_THIS_YEAR, ordered=False)
add("recurring-ended-en-1", "en", T, "which subscriptions have I stopped paying", "list", ENDED, ordered=False)
add("recurring-salary-en-1", "en", T, "how much is my monthly salary", "amount", SALARY)
add("recurring-streaming-en-1", "en", T, "how much do streaming subscriptions cost me a month", "amount",
    recurring_monthly_sql(extra="rs.category_id IN (SELECT id FROM categories WHERE user_id = $1 AND name = 'Streaming')"))
add("recurring-count-de-1", "de", T, "Wie viele Abos habe ich?", "count", recurring_count_sql())
add("recurring-monthly-de-1", "de", T, "was kosten mich meine daueraufträge und abos im monat", "amount", recurring_monthly_sql())
add("recurring-next-de-1", "de", T, "Wann wird Netflix das nächste Mal abgebucht?", "date", recurring_next_sql("Netflix"))
add("recurring-upcoming-de-1", "de", T, "welche zahlungen kommen in den nächsten 7 tagen", "list", UP_LIST(7))
add("recurring-increase-de-1", "de", T, "Welche Abos sind teurer geworden?", "list", price_increase_list_sql(60), ordered=False)
add("recurring-monthly-fr-1", "fr", T, "combien me coûtent mes abonnements par mois ?", "amount", recurring_monthly_sql())
add("recurring-amount-fr-1", "fr", T, "combien coûte mon abonnement Spotify", "amount", recurring_amount_sql("Spotify"))
add("recurring-upcoming-fr-1", "fr", T, "prélèvements prévus dans les 30 prochains jours, montant total", "amount", upcoming_sum_sql(30))
add("recurring-ended-fr-1", "fr", T, "quels abonnements ai-je arrêtés ?", "list", ENDED, ordered=False)
add("recurring-count-es-1", "es", T, "¿cuántas suscripciones tengo?", "count", recurring_count_sql())
add("recurring-next-es-1", "es", T, "¿cuándo es el próximo cobro del alquiler?", "date", recurring_next_sql("Hausverwaltung Brandt"))
add("recurring-monthly-es-1", "es", T, "gasto mensual en suscripciones", "amount", recurring_monthly_sql())
add("recurring-increase-es-1", "es", T, "qué suscripciones subieron de precio este año", "list", RAISED_THIS_YEAR, ordered=False)
add("recurring-amount-it-1", "it", T, "quanto costa l'abbonamento a netflix?", "amount", recurring_amount_sql("Netflix"))
add("recurring-upcoming-it-1", "it", T, "quali pagamenti sono in scadenza nei prossimi 7 giorni", "list", UP_LIST(7))
add("recurring-monthly-it-1", "it", T, "quanto spendo al mese in abbonamenti", "amount", recurring_monthly_sql())
add("recurring-next-it-1", "it", T, "quando arriva il prossimo addebito della palestra FitX", "date", recurring_next_sql("FitX"))

# --- anomalies and insights ---------------------------------------------------------------
T = "anomalies"
LARGE = ("large_for_merchant", "large_for_category", "new_merchant")
LARGE_LIST = ("SELECT coalesce(array_agg(merchant ORDER BY on_date DESC, merchant), '{}') FROM anomalies WHERE user_id = $1 "
              "AND on_date <= $2::date AND kind IN ('large_for_merchant', 'large_for_category', 'new_merchant')")
SPIKES = ("SELECT coalesce(array_agg(DISTINCT c.name), '{}') FROM anomalies a JOIN categories c ON c.user_id = $1 AND c.id = a.category_id "
          "WHERE a.user_id = $1 AND a.on_date <= $2::date AND a.kind = 'spike_month'")
add("anomaly-count-en-1", "en", T, "Anything unusual in my spending lately?", "count", anomalies_count_sql(days=30))
add("anomaly-large-en-1", "en", T, "any unusually large purchases?", "count", anomalies_count_sql(LARGE))
add("anomaly-large-en-2", "en", T, "where was it?", "list", LARGE_LIST, after="^", ordered=False)
add("anomaly-spike-en-1", "en", T, "which categories spiked this month or last month", "list", SPIKES, ordered=False)
add("anomaly-count-de-1", "de", T, "Gab es ungewöhnliche Ausgaben?", "count", anomalies_count_sql())
add("anomaly-large-fr-1", "fr", T, "y a-t-il des achats anormalement élevés ?", "count", anomalies_count_sql(LARGE))
add("anomaly-spike-es-1", "es", T, "¿qué categorías se dispararon este mes o el pasado?", "list", SPIKES, ordered=False)
add("anomaly-count-it-1", "it", T, "ci sono spese insolite di recente?", "count", anomalies_count_sql(days=30))

T = "insights"
ABOVE = ("SELECT coalesce(array_agg(facts->>'category' ORDER BY facts->>'category'), '{}') FROM insights "
         "WHERE user_id = $1 AND status <> 'dismissed' AND kind = 'category_above_average'")
add("insight-count-en-1", "en", T, "any insights for me?", "count", insights_count_sql())
add("insight-above-en-1", "en", T, "which categories am I spending more than usual on", "list", ABOVE, ordered=False)
add("insight-price-en-1", "en", T, "how many price increase alerts do i have", "count", insights_count_sql("price_increase"))
add("insight-count-de-1", "de", T, "Hast du Hinweise zu meinen Finanzen?", "count", insights_count_sql())
add("insight-above-fr-1", "fr", T, "dans quelles catégories je dépense plus que d'habitude ?", "list", ABOVE, ordered=False)
add("insight-count-es-1", "es", T, "¿tienes algún consejo o aviso sobre mis gastos?", "count", insights_count_sql())
add("insight-above-it-1", "it", T, "in quali categorie sto spendendo più del solito", "list", ABOVE, ordered=False)

# --- forecast -----------------------------------------------------------------------------
T = "forecast"
add("forecast-spend-en-1", "en", T, "How much will I spend in the next 30 days?", "amount", forecast_sql(30))
add("forecast-spend-en-2", "en", T, "and in the next 90 days?", "amount", forecast_sql(90), after="^")
add("forecast-net-en-1", "en", T, "what's my projected net cash flow for the next 60 days", "amount", forecast_sql(60, "net"))
add("forecast-spend-de-1", "de", T, "Wie viel werde ich in den nächsten 30 Tagen voraussichtlich ausgeben?", "amount", forecast_sql(30))
add("forecast-net-fr-1", "fr", T, "prévision de trésorerie nette sur 90 jours", "amount", forecast_sql(90, "net"))
add("forecast-spend-es-1", "es", T, "¿cuánto gastaré en los próximos 60 días?", "amount", forecast_sql(60))
add("forecast-net-it-1", "it", T, "previsione del flusso di cassa netto nei prossimi 30 giorni", "amount", forecast_sql(30, "net"))

# --- semantic search ----------------------------------------------------------------------
T = "search"
TEXT = lambda pat: f"(lower(description) ~ '{pat}' OR lower(coalesce(merchant, '')) ~ '{pat}')"
add("search-coffee-en-1", "en", T, "coffee shops last month - how many visits", "count", count_sql(period="last_month", cat="Coffee Shops", currency=None))
add("search-flights-en-1", "en", T, "flights last year: how many did I book", "count", count_sql(period="last_year", cat="Flights", currency=None))
add("search-hotel-en-1", "en", T, "find my hotel stays this year - how many", "count", count_sql(period="this_year", cat="Lodging", currency=None))
add("search-newyork-en-1", "en", T, "how many card payments did I make in New York this year", "count", count_sql(period="this_year", currency=None, extra="lower(description) LIKE '%new york%'"))
add("search-dentist-en-1", "en", T, "how much did I pay the dentist this year", "amount", flow_sql("spent", period="this_year", merchant="Zahnarztpraxis Dr. Weber"))
add("search-pizza-de-1", "de", T, "wie oft hab ich dieses jahr pizza oder burger gegessen", "count", count_sql(period="this_year", currency=None, extra=TEXT("pizza|burger|five guys|shake shack")))
add("search-train-fr-1", "fr", T, "combien de billets de train cette année ?", "count", count_sql(period="this_year", currency=None, extra="lower(name) IN ('deutsche bahn', 'ns')"))
add("search-cinema-es-1", "es", T, "¿cuántas veces fui al cine el año pasado?", "count", count_sql(period="last_year", currency=None, extra="lower(name) IN ('cinemaxx', 'yorck kinos')"))
add("search-drugstore-it-1", "it", T, "quanto ho speso in farmacia e drogheria quest'anno", "amount", flow_sql("spent", period="this_year", extra="category_id IN (SELECT id FROM categories WHERE user_id = $1 AND name IN ('Pharmacy', 'Personal Care'))"))
