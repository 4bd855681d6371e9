//! The words the parser knows, in English, German, French, Spanish and Italian, written as
//! `text::words` normalises them (lower case, no accents, "ß" as "ss"). Each phrase names its
//! language: language detection counts them.

use super::intent::{GroupBy, Language};
use chrono::Weekday;

pub const EN: Language = Language::En;
pub const DE: Language = Language::De;
pub const FR: Language = Language::Fr;
pub const ES: Language = Language::Es;
pub const IT: Language = Language::It;

pub type Phrases = [(&'static str, Language)];

/// Words that start a follow-up ("and the month before?", "what about restaurants?").
pub const FOLLOW_UP: &Phrases = &[
    ("and", EN), ("and what about", EN), ("what about", EN), ("how about", EN),
    ("and for", EN), ("and on", EN), ("and at", EN), ("and in", EN), ("same for", EN),
    ("the same for", EN), ("das gleiche fur", DE),
    ("und", DE), ("und was ist mit", DE), ("was ist mit", DE), ("und fur", DE),
    ("und bei", DE), ("und im", DE), ("und in", DE), ("und am", DE), ("dasselbe fur", DE),
    ("et", FR), ("et pour", FR), ("et en", FR), ("et chez", FR), ("et les", FR),
    ("et le", FR), ("et la", FR), ("pareil pour", FR), ("et pour les", FR),
    ("y", ES), ("y en", ES), ("y para", ES), ("y el", ES), ("y la", ES), ("y los", ES),
    ("lo mismo para", ES), ("y que tal", ES),
    ("e", IT), ("e per", IT), ("e a", IT), ("e il", IT), ("e la", IT), ("e nel", IT),
    ("e invece", IT), ("lo stesso per", IT), ("e da", IT),
];

/// Verbs that ask for a change. The ask engine only reads, so these are out of scope when
/// they open the question (after a "please" or "can you").
pub const WRITE_VERBS: &Phrases = &[
    ("delete", EN), ("remove", EN), ("erase", EN), ("change", EN), ("rename", EN),
    ("update", EN), ("edit", EN), ("recategorize", EN), ("recategorise", EN), ("move", EN),
    ("add", EN), ("create", EN), ("cancel", EN), ("pay", EN), ("send", EN), ("set", EN),
    ("transfer", EN), ("mark", EN), ("categorize", EN), ("categorise", EN), ("wipe", EN),
    ("losche", DE), ("losch", DE), ("loschen", DE), ("entferne", DE), ("entfernen", DE),
    ("andere", DE), ("andern", DE), ("umbenennen", DE), ("benenne", DE), ("bearbeite", DE),
    ("verschiebe", DE), ("fuge", DE), ("erstelle", DE), ("kundige", DE), ("uberweise", DE),
    ("kategorisiere", DE), ("setze", DE), ("zahle", DE),
    ("supprime", FR), ("supprimer", FR), ("efface", FR), ("effacer", FR), ("modifie", FR),
    ("modifier", FR), ("change", FR), ("changer", FR), ("renomme", FR), ("ajoute", FR),
    ("ajouter", FR), ("annule", FR), ("annuler", FR), ("cree", FR), ("deplace", FR),
    ("vire", FR), ("paye", FR),
    ("borra", ES), ("borrar", ES), ("elimina", ES), ("eliminar", ES), ("cambia", ES),
    ("cambiar", ES), ("modifica", ES), ("modificar", ES), ("anade", ES), ("agrega", ES),
    ("crea", ES), ("cancela", ES), ("mueve", ES), ("transfiere", ES), ("renombra", ES),
    ("paga", ES),
    ("cancella", IT), ("elimina", IT), ("modifica", IT), ("cambia", IT), ("rinomina", IT),
    ("aggiungi", IT), ("annulla", IT), ("sposta", IT), ("trasferisci", IT), ("disdici", IT),
    ("paga", IT),
];

/// What may come before a write verb without making it a question.
pub const POLITE: &Phrases = &[
    ("please", EN), ("can you", EN), ("could you", EN), ("would you", EN), ("i want to", EN),
    ("i want you to", EN), ("go ahead and", EN), ("now", EN),
    ("bitte", DE), ("kannst du", DE), ("konntest du", DE), ("ich mochte", DE),
    ("s il te plait", FR), ("s il vous plait", FR), ("peux tu", FR), ("pouvez vous", FR),
    ("merci de", FR), ("je veux", FR),
    ("por favor", ES), ("puedes", ES), ("podrias", ES), ("quiero", ES),
    ("per favore", IT), ("puoi", IT), ("potresti", IT), ("voglio", IT),
];

/// Investment advice: the question asks what to do with money in markets.
/// Investment advice: what to do with money in markets. "How much did I invest" is not
/// advice, so "invest" alone is not here (it is not understood either, so never guessed).
pub const INVESTMENT: &Phrases = &[
    ("stock", EN), ("stocks", EN), ("shares", EN), ("crypto", EN), ("bitcoin", EN),
    ("etf", EN), ("etfs", EN), ("should i buy", EN), ("should i sell", EN),
    ("should i invest", EN), ("stock market", EN), ("ethereum", EN),
    ("aktie", DE), ("aktien", DE), ("soll ich kaufen", DE), ("soll ich investieren", DE),
    ("borse", DE), ("krypto", DE),
    ("actions", FR), ("bourse", FR), ("dois je acheter", FR), ("dois je investir", FR),
    ("devrais je acheter", FR), ("devrais je investir", FR), ("cryptomonnaie", FR),
    ("acciones", ES), ("bolsa", ES), ("deberia comprar", ES), ("deberia invertir", ES),
    ("criptomonedas", ES),
    ("azioni", IT), ("borsa", IT), ("dovrei comprare", IT), ("dovrei investire", IT),
    ("criptovalute", IT),
];

pub const WEATHER: &Phrases = &[
    ("weather", EN), ("rain", EN), ("raining", EN), ("sunny", EN), ("temperature", EN),
    ("snow", EN), ("wetter", DE), ("regnet", DE), ("regen", DE), ("temperatur", DE),
    ("meteo", FR), ("quel temps", FR), ("pluie", FR), ("pleut", FR),
    ("clima", ES), ("que tiempo", ES), ("lluvia", ES), ("llueve", ES),
    ("che tempo", IT), ("pioggia", IT), ("piove", IT),
];

pub const GENERAL_KNOWLEDGE: &Phrases = &[
    ("capital of", EN), ("who is", EN), ("who was", EN), ("who won", EN), ("president", EN),
    ("population", EN), ("joke", EN), ("recipe", EN), ("poem", EN), ("translate", EN),
    ("meaning of life", EN), ("how tall", EN), ("tell me a story", EN),
    ("hauptstadt", DE), ("wer ist", DE), ("wer war", DE), ("witz", DE), ("rezept", DE),
    ("gedicht", DE), ("ubersetze", DE), ("prasident", DE),
    ("capitale", FR), ("qui est", FR), ("blague", FR), ("recette", FR), ("poeme", FR),
    ("traduis", FR), ("president", FR),
    ("capital de", ES), ("quien es", ES), ("quien fue", ES), ("chiste", ES), ("receta", ES),
    ("poema", ES), ("traduce", ES), ("presidente", ES),
    ("capitale di", IT), ("chi e", IT), ("chi era", IT), ("barzelletta", IT),
    ("ricetta", IT), ("poesia", IT), ("traduci", IT), ("presidente", IT),
];

/// Words that make a sum arithmetic when they stand between two numbers.
pub const ARITHMETIC_OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "×", "÷", "=", "plus", "minus", "times", "divided", "mal", "geteilt",
    "fois", "divise", "por", "dividido", "piu", "meno", "per", "diviso", "x",
];

/// What is asked, by the words that ask it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskWord {
    Spending,
    Income,
    Transactions,
    Count,
    Balances,
    NetWorth,
    CashFlow,
    Budgets,
    Goals,
    Recurring,
    Anomalies,
    Insights,
    Forecast,
    Search,
    /// "how much", "wie viel": spending unless something else says otherwise.
    HowMuch,
}

pub const ASK_WORDS: &[(&str, Language, AskWord)] = {
    use AskWord::*;
    &[
        // Counts come first among equals: "how many times" must not read as "how much".
        ("how many times", EN, Count), ("how often", EN, Count),
        ("how many transactions", EN, Count), ("how many purchases", EN, Count),
        ("how many payments", EN, Count), ("number of transactions", EN, Count),
        ("how many", EN, Count), ("count", EN, Count), ("number of", EN, Count),
        ("wie oft", DE, Count), ("wie viele male", DE, Count), ("wie viele", DE, Count),
        ("wieviele", DE, Count), ("anzahl", DE, Count), ("wie viele buchungen", DE, Count),
        ("combien de fois", FR, Count), ("combien de transactions", FR, Count),
        ("combien d achats", FR, Count), ("nombre de", FR, Count),
        ("cuantas veces", ES, Count), ("cuantas transacciones", ES, Count),
        ("cuantas compras", ES, Count), ("numero de", ES, Count), ("cuantos", ES, Count),
        ("cuantas", ES, Count),
        ("quante volte", IT, Count), ("quante transazioni", IT, Count),
        ("quanti acquisti", IT, Count), ("numero di", IT, Count), ("quanti", IT, Count),
        ("quante", IT, Count),
        // Balances.
        ("balance", EN, Balances), ("balances", EN, Balances),
        ("how much money do i have", EN, Balances), ("how much do i have", EN, Balances),
        ("how much is in", EN, Balances), ("how much is on", EN, Balances),
        ("how much money is in", EN, Balances), ("how much money is on", EN, Balances),
        ("kontostand", DE, Balances), ("kontostande", DE, Balances), ("saldo", DE, Balances),
        ("guthaben", DE, Balances), ("wie viel habe ich auf", DE, Balances),
        ("wie viel geld ist auf", DE, Balances), ("was ist auf", DE, Balances),
        ("wie viel geld habe ich", DE, Balances), ("wie viel ist auf", DE, Balances),
        ("solde", FR, Balances), ("soldes", FR, Balances),
        ("combien ai je sur", FR, Balances), ("combien j ai sur", FR, Balances),
        ("combien d argent ai je", FR, Balances), ("combien d argent j ai", FR, Balances),
        ("saldos", ES, Balances), ("cuanto tengo", ES, Balances),
        ("cuanto dinero tengo", ES, Balances), ("cuanto hay en", ES, Balances),
        ("saldi", IT, Balances), ("quanto ho sul", IT, Balances),
        ("quanti soldi ho", IT, Balances), ("quanto c e sul", IT, Balances),
        // Net worth.
        ("net worth", EN, NetWorth), ("worth", EN, NetWorth), ("total assets", EN, NetWorth),
        ("nettovermogen", DE, NetWorth), ("vermogen", DE, NetWorth),
        ("reinvermogen", DE, NetWorth),
        ("patrimoine", FR, NetWorth), ("valeur nette", FR, NetWorth),
        ("patrimonio neto", ES, NetWorth), ("patrimonio", ES, NetWorth),
        ("patrimonio netto", IT, NetWorth),
        // Cash flow and savings.
        ("cash flow", EN, CashFlow), ("cashflow", EN, CashFlow), ("save", EN, CashFlow),
        ("saved", EN, CashFlow), ("savings rate", EN, CashFlow), ("net income", EN, CashFlow),
        ("income minus spending", EN, CashFlow), ("income vs spending", EN, CashFlow),
        ("more than i earn", EN, CashFlow), ("more than i make", EN, CashFlow),
        ("mehr als ich verdiene", DE, CashFlow), ("plus que je gagne", FR, CashFlow),
        ("mas de lo que gano", ES, CashFlow), ("piu di quanto guadagno", IT, CashFlow),
        ("income and spending", EN, CashFlow), ("income and expenses", EN, CashFlow),
        ("net cash flow", EN, CashFlow), ("income minus expenses", EN, CashFlow),
        ("einnahmen minus ausgaben", DE, CashFlow), ("nettocashflow", DE, CashFlow),
        ("flux de tresorerie net", FR, CashFlow), ("tresorerie nette", FR, CashFlow),
        ("revenus moins depenses", FR, CashFlow),
        ("flujo de caja neto", ES, CashFlow), ("ingresos menos gastos", ES, CashFlow),
        ("flusso di cassa netto", IT, CashFlow),
        ("gespart", DE, CashFlow), ("sparen", DE, CashFlow), ("sparquote", DE, CashFlow),
        ("uberschuss", DE, CashFlow), ("einnahmen und ausgaben", DE, CashFlow),
        ("put aside", EN, CashFlow), ("set aside", EN, CashFlow),
        ("zuruckgelegt", DE, CashFlow), ("beiseitegelegt", DE, CashFlow),
        ("apartado", ES, CashFlow), ("messo da parte", IT, CashFlow),
        ("mis de cote", FR, CashFlow), ("mettre de cote", FR, CashFlow),
        ("economise", FR, CashFlow), ("economiser", FR, CashFlow), ("economies", FR, CashFlow),
        ("epargne", FR, CashFlow), ("flux de tresorerie", FR, CashFlow),
        ("revenus et depenses", FR, CashFlow),
        ("ahorre", ES, CashFlow), ("ahorrado", ES, CashFlow), ("ahorro", ES, CashFlow),
        ("ahorrar", ES, CashFlow), ("flujo de caja", ES, CashFlow),
        ("ingresos y gastos", ES, CashFlow),
        ("risparmiato", IT, CashFlow), ("risparmio", IT, CashFlow),
        ("risparmiare", IT, CashFlow), ("flusso di cassa", IT, CashFlow),
        ("entrate e uscite", IT, CashFlow),
        // Budgets and goals.
        ("budget", EN, Budgets), ("budgets", EN, Budgets), ("over budget", EN, Budgets),
        ("on track", EN, Budgets), ("budgetiert", DE, Budgets), ("exceeded", EN, Budgets),
        ("uberschritten", DE, Budgets), ("depasse", FR, Budgets), ("superado", ES, Budgets),
        ("superato", IT, Budgets),
        ("budget restant", FR, Budgets), ("presupuesto", ES, Budgets),
        ("presupuestos", ES, Budgets), ("budget rimanente", IT, Budgets),
        ("goal", EN, Goals), ("goals", EN, Goals), ("savings goal", EN, Goals),
        ("savings goals", EN, Goals), ("ziel", DE, Goals), ("ziele", DE, Goals),
        ("sparziel", DE, Goals), ("sparziele", DE, Goals),
        ("objectif", FR, Goals), ("objectifs", FR, Goals),
        ("objetivo", ES, Goals), ("objetivos", ES, Goals), ("meta", ES, Goals),
        ("metas", ES, Goals),
        ("obiettivo", IT, Goals), ("obiettivi", IT, Goals),
        // A goal's progress and reaching it.
        ("progress", EN, Goals), ("reach", EN, Goals), ("reached", EN, Goals),
        ("how close am i to", EN, Goals), ("how far along", EN, Goals),
        ("fully funded", EN, Goals), ("funded", EN, Goals),
        ("fortschritt", DE, Goals), ("erreichen", DE, Goals), ("erreiche", DE, Goals),
        ("erreicht", DE, Goals), ("progres", FR, Goals), ("progression", FR, Goals),
        ("atteindre", FR, Goals), ("atteindrai", FR, Goals), ("atteint", FR, Goals),
        ("progreso", ES, Goals), ("alcanzar", ES, Goals), ("alcanzare", ES, Goals),
        ("alcanzado", ES, Goals), ("progresso", IT, Goals), ("progressi", IT, Goals),
        ("raggiungere", IT, Goals), ("raggiungero", IT, Goals), ("raggiunto", IT, Goals),
        // Recurring payments.
        ("subscription", EN, Recurring), ("subscriptions", EN, Recurring),
        ("recurring", EN, Recurring), ("recurring payments", EN, Recurring),
        ("regular payments", EN, Recurring), ("standing orders", EN, Recurring),
        ("bills", EN, Recurring), ("membership", EN, Recurring), ("memberships", EN, Recurring),
        ("mitgliedschaft", DE, Recurring), ("mitgliedschaften", DE, Recurring),
        ("mitgliedsbeitrag", DE, Recurring),
        ("abo", DE, Recurring), ("abos", DE, Recurring), ("abonnement", DE, Recurring),
        ("abonnements", DE, Recurring), ("wiederkehrende", DE, Recurring),
        ("wiederkehrenden", DE, Recurring), ("dauerauftrage", DE, Recurring),
        ("rechnungen", DE, Recurring), ("fixkosten", DE, Recurring),
        ("abonnements", FR, Recurring), ("abonnement", FR, Recurring),
        ("prelevements", FR, Recurring), ("recurrents", FR, Recurring),
        ("paiements recurrents", FR, Recurring), ("factures", FR, Recurring),
        ("suscripcion", ES, Recurring), ("suscripciones", ES, Recurring),
        ("pagos recurrentes", ES, Recurring), ("recurrentes", ES, Recurring),
        ("facturas", ES, Recurring),
        ("abbonamento", IT, Recurring), ("abbonamenti", IT, Recurring),
        ("pagamenti ricorrenti", IT, Recurring), ("ricorrenti", IT, Recurring),
        ("bollette", IT, Recurring),
        // Anomalies, insights, forecast.
        ("unusual", EN, Anomalies), ("anomaly", EN, Anomalies), ("anomalies", EN, Anomalies),
        ("strange", EN, Anomalies), ("suspicious", EN, Anomalies), ("odd", EN, Anomalies),
        ("weird", EN, Anomalies), ("out of the ordinary", EN, Anomalies),
        ("ungewohnlich", DE, Anomalies), ("ungewohnliche", DE, Anomalies),
        ("ungewohnlichen", DE, Anomalies), ("auffallig", DE, Anomalies),
        ("auffallige", DE, Anomalies), ("seltsame", DE, Anomalies),
        ("verdachtige", DE, Anomalies), ("anomalien", DE, Anomalies),
        ("inhabituel", FR, Anomalies), ("inhabituelle", FR, Anomalies),
        ("inhabituelles", FR, Anomalies), ("inhabituels", FR, Anomalies),
        ("anomalie", FR, Anomalies), ("anomalies", FR, Anomalies), ("suspect", FR, Anomalies),
        ("suspectes", FR, Anomalies), ("bizarre", FR, Anomalies),
        ("inusual", ES, Anomalies), ("inusuales", ES, Anomalies), ("anomalia", ES, Anomalies),
        ("anomalias", ES, Anomalies), ("extrano", ES, Anomalies), ("raro", ES, Anomalies),
        ("sospechoso", ES, Anomalies), ("sospechosos", ES, Anomalies),
        ("insolito", IT, Anomalies), ("insolite", IT, Anomalies), ("insoliti", IT, Anomalies),
        ("anomalo", IT, Anomalies), ("anomale", IT, Anomalies), ("anomalie", IT, Anomalies),
        ("strano", IT, Anomalies), ("strane", IT, Anomalies), ("strani", IT, Anomalies),
        ("strana", IT, Anomalies), ("sospette", IT, Anomalies),
        ("insight", EN, Insights), ("insights", EN, Insights), ("tips", EN, Insights),
        ("anything i should know", EN, Insights), ("how am i doing", EN, Insights),
        ("erkenntnisse", DE, Insights), ("hinweise", DE, Insights), ("tipps", DE, Insights),
        ("wie geht es meinen finanzen", DE, Insights), ("apercus", FR, Insights),
        ("conseils", FR, Insights), ("observations", FR, Insights),
        ("consejos", ES, Insights), ("observaciones", ES, Insights), ("consejo", ES, Insights),
        ("aviso", ES, Insights), ("avisos", ES, Insights), ("alerts", EN, Insights),
        ("alert", EN, Insights), ("warnings", EN, Insights), ("warnungen", DE, Insights),
        ("alertes", FR, Insights), ("alertas", ES, Insights), ("avvisi", IT, Insights),
        ("avvertenze", IT, Insights),
        ("consigli", IT, Insights), ("suggerimenti", IT, Insights), ("spunti", IT, Insights),
        ("forecast", EN, Forecast), ("projection", EN, Forecast), ("projected", EN, Forecast),
        // The future tense of "to be": "quel sera mon solde", "¿cuál será…?", "quale sarà".
        ("sera", FR, Forecast), ("sera", ES, Forecast), ("sara", IT, Forecast),
        ("prognostizierst", DE, Forecast), ("prognostiziert", DE, Forecast),
        ("end of the month", EN, Forecast), ("will i have", EN, Forecast),
        ("prognose", DE, Forecast), ("vorhersage", DE, Forecast),
        ("am monatsende", DE, Forecast), ("ende des monats", DE, Forecast),
        ("werde ich haben", DE, Forecast), ("voraussichtlich", DE, Forecast),
        ("prevision", FR, Forecast), ("previsions", FR, Forecast),
        ("fin du mois", FR, Forecast), ("aurai je", FR, Forecast),
        ("pronostico", ES, Forecast), ("prevision", ES, Forecast),
        ("fin de mes", ES, Forecast), ("tendre", ES, Forecast),
        ("previsione", IT, Forecast), ("previsioni", IT, Forecast),
        ("fine del mese", IT, Forecast), ("fine mese", IT, Forecast), ("avro", IT, Forecast),
        // Search.
        ("find", EN, Search), ("search", EN, Search), ("search for", EN, Search),
        ("look for", EN, Search), ("look up", EN, Search),
        ("finde", DE, Search), ("suche", DE, Search), ("such", DE, Search),
        ("suche nach", DE, Search),
        ("cherche", FR, Search), ("trouve", FR, Search), ("recherche", FR, Search),
        ("busca", ES, Search), ("buscar", ES, Search), ("encuentra", ES, Search),
        ("cerca", IT, Search), ("trova", IT, Search), ("cercami", IT, Search),
        // Transactions.
        ("transactions", EN, Transactions), ("transaction", EN, Transactions),
        ("purchases", EN, Transactions), ("purchase", EN, Transactions),
        ("payments", EN, Transactions), ("payment", EN, Transactions),
        ("show me", EN, Transactions), ("show", EN, Transactions), ("list", EN, Transactions),
        ("expense", EN, Transactions), ("charges", EN, Transactions), ("buy", EN, Transactions),
        ("bought", EN, Transactions), ("gekauft", DE, Transactions),
        ("achete", FR, Transactions), ("compre", ES, Transactions),
        ("comprato", IT, Transactions),
        ("buchungen", DE, Transactions), ("buchung", DE, Transactions),
        ("umsatze", DE, Transactions), ("transaktionen", DE, Transactions),
        ("transaktion", DE, Transactions), ("zahlungen", DE, Transactions),
        ("zahlung", DE, Transactions), ("einkaufe", DE, Transactions),
        ("abbuchungen", DE, Transactions), ("abbuchung", DE, Transactions),
        ("abgebucht", DE, Transactions), ("cobro", ES, Transactions), ("cargo", ES, Transactions),
        ("addebito", IT, Transactions), ("prelevement", FR, Transactions),
        ("einkauf", DE, Transactions), ("zeig", DE, Transactions),
        ("zeige", DE, Transactions), ("zeig mir", DE, Transactions),
        ("zeige mir", DE, Transactions), ("liste", DE, Transactions),
        ("ausgabe", DE, Transactions),
        ("transactions", FR, Transactions), ("operations", FR, Transactions),
        ("operation", FR, Transactions), ("achats", FR, Transactions),
        ("achat", FR, Transactions), ("paiements", FR, Transactions),
        ("additions", FR, Transactions), ("addition", FR, Transactions),
        ("paiement", FR, Transactions), ("montre moi", FR, Transactions),
        ("montre", FR, Transactions), ("affiche", FR, Transactions),
        ("movimientos", ES, Transactions), ("transacciones", ES, Transactions),
        ("transaccion", ES, Transactions), ("compras", ES, Transactions),
        ("compra", ES, Transactions), ("pagos", ES, Transactions), ("pago", ES, Transactions),
        ("muestra", ES, Transactions), ("muestrame", ES, Transactions),
        ("ensename", ES, Transactions), ("lista", ES, Transactions),
        ("movimenti", IT, Transactions), ("transazioni", IT, Transactions),
        ("transazione", IT, Transactions), ("acquisti", IT, Transactions),
        ("acquisto", IT, Transactions), ("pagamenti", IT, Transactions),
        ("pagamento", IT, Transactions), ("mostra", IT, Transactions),
        ("mostrami", IT, Transactions), ("elenca", IT, Transactions),
        // Income.
        ("income", EN, Income), ("earn", EN, Income), ("earned", EN, Income),
        ("receive", EN, Income), ("received", EN, Income), ("get paid", EN, Income),
        ("got paid", EN, Income), ("make", EN, Income), ("made", EN, Income),
        ("get from", EN, Income), ("got from", EN, Income), ("received from", EN, Income),
        ("came in", EN, Income), ("come in", EN, Income), ("went out", EN, Spending),
        ("go out", EN, Spending),
        ("einnahmen", DE, Income), ("einkommen", DE, Income), ("verdient", DE, Income),
        ("erhalten", DE, Income), ("bekommen", DE, Income), ("eingenommen", DE, Income),
        ("revenu", FR, Income), ("revenus", FR, Income), ("gagne", FR, Income),
        ("recu", FR, Income), ("recettes", FR, Income),
        ("ingresos", ES, Income), ("ingreso", ES, Income), ("gane", ES, Income),
        ("ganado", ES, Income), ("recibi", ES, Income), ("recibido", ES, Income),
        ("entrate", IT, Income), ("guadagnato", IT, Income), ("ricevuto", IT, Income),
        ("reddito", IT, Income), ("incassato", IT, Income),
        // Spending.
        ("spend", EN, Spending), ("spent", EN, Spending), ("spending", EN, Spending),
        ("expenses", EN, Spending), ("cost", EN, Spending), ("costs", EN, Spending),
        ("pay", EN, Spending), ("paid", EN, Spending), ("go", EN, Spending),
        ("take out", EN, Spending), ("took out", EN, Spending), ("ging", DE, Spending),
        ("gelassen", DE, Spending), ("paid me", EN, Income), ("pay me", EN, Income),
        ("cobre", ES, Income), ("cobrado", ES, Income),
        ("combien de depenses", FR, Count), ("combien d achats", FR, Count),
        ("combien de paiements", FR, Count), ("combien d operations", FR, Count),
        ("combien de billets", FR, Count), ("combien de prelevements", FR, Count),
        ("ausgegeben", DE, Spending), ("ausgaben", DE, Spending), ("kosten", DE, Spending),
        ("bezahlt", DE, Spending), ("gezahlt", DE, Spending), ("gekostet", DE, Spending),
        ("depense", FR, Spending), ("depenses", FR, Spending), ("paye", FR, Spending),
        ("paie", FR, Spending),
        ("coute", FR, Spending), ("depenser", FR, Spending), ("coutent", FR, Spending),
        ("cuesta", ES, Spending), ("cuestan", ES, Spending), ("costa", IT, Spending),
        ("costano", IT, Spending), ("kostet", DE, Spending), ("gebe", DE, Spending),
        ("gibst", DE, Spending), ("ausgeben", DE, Spending), ("zahle", DE, Spending),
        ("zahlst", DE, Spending), ("bezahle", DE, Spending), ("spendo", IT, Spending),
        ("spendi", IT, Spending), ("spends", EN, Spending), ("spendendo", IT, Spending),
        ("gaste", ES, Spending), ("gastado", ES, Spending), ("gastos", ES, Spending),
        ("gasto", ES, Spending), ("pague", ES, Spending), ("pagado", ES, Spending),
        ("speso", IT, Spending), ("spese", IT, Spending), ("pagato", IT, Spending),
        ("uscite", IT, Spending), ("costato", IT, Spending),
        // "How much" alone: spending unless something more precise is said.
        ("how much", EN, HowMuch), ("wie viel", DE, HowMuch), ("wieviel", DE, HowMuch),
        ("combien", FR, HowMuch), ("cuanto", ES, HowMuch), ("quanto", IT, HowMuch),
        ("total", EN, HowMuch), ("insgesamt", DE, HowMuch), ("en tout", FR, HowMuch),
        ("en total", ES, HowMuch), ("in totale", IT, HowMuch),
    ]
};

/// The answer asked for is a percentage ("what percent of the budget", "in Prozent").
pub const PERCENT: &Phrases = &[
    ("percent", EN), ("percentage", EN), ("in percent", EN), ("as a percentage", EN),
    ("prozent", DE), ("in prozent", DE), ("prozentsatz", DE),
    ("pourcentage", FR), ("en pourcentage", FR), ("pour cent", FR), ("taux d", FR),
    ("porcentaje", ES), ("en porcentaje", ES), ("por ciento", ES), ("tasa de", ES),
    ("percentuale", IT), ("in percentuale", IT), ("per cento", IT), ("tasso di", IT),
];

/// A rate that is also what is asked ("savings rate"); left in place for the ask words.
pub const RATE: &Phrases = &[("savings rate", EN), ("sparquote", DE)];

/// Spending to come, said in the future tense: a forecast of spending.
pub const FORECAST_SPENDING: &Phrases = &[
    ("will i spend", EN), ("am i going to spend", EN), ("will we spend", EN),
    ("voraussichtlich ausgeben", DE), ("werde ich ausgeben", DE),
    ("depenserai je", FR), ("vais je depenser", FR), ("je vais depenser", FR),
    ("gastare", ES), ("voy a gastar", ES), ("spendero", IT),
];

/// Beside a budget, what has been used of it.
pub const BUDGET_USED: &Phrases = &[
    ("used", EN), ("used up", EN), ("verbraucht", DE), ("aufgebraucht", DE),
    ("utilise", FR), ("utilisee", FR), ("consomme", FR), ("usado", ES), ("utilizado", ES),
    ("consumido", ES), ("usato", IT), ("usata", IT), ("utilizzato", IT), ("consumato", IT),
];

/// Which figure of a budget or goal is asked (`FigureAsked`), when the question is about one.
pub const FIGURES: &[(&str, Language, super::intent::FigureAsked)] = {
    use super::intent::FigureAsked::*;
    &[
        ("left", EN, Left), ("remaining", EN, Left), ("still need", EN, Left), ("need", EN, Left),
        ("to go", EN, Left), ("missing", EN, Left), ("can i still spend", EN, Left), ("can i spend", EN, Left),
        ("ubrig", DE, Left), ("noch ubrig", DE, Left), ("restlich", DE, Left), ("fehlt", DE, Left),
        ("fehlen", DE, Left), ("brauche", DE, Left), ("reste", FR, Left), ("il reste", FR, Left),
        ("restant", FR, Left), ("manque", FR, Left), ("me manque", FR, Left),
        ("queda", ES, Left), ("quedan", ES, Left), ("me queda", ES, Left), ("falta", ES, Left),
        ("faltan", ES, Left), ("me falta", ES, Left), ("restante", ES, Left),
        ("resta", IT, Left), ("mi resta", IT, Left), ("restano", IT, Left), ("rimasto", IT, Left),
        ("rimane", IT, Left), ("manca", IT, Left), ("mi manca", IT, Left), ("mancano", IT, Left),
        ("rimanente", IT, Left),
        ("available", EN, Available), ("verfugbar", DE, Available), ("disponible", FR, Available),
        ("disponible", ES, Available), ("disponibile", IT, Available),
        ("target", EN, Amount), ("target amount", EN, Amount), ("zielbetrag", DE, Amount),
        ("cible", FR, Amount), ("montant cible", FR, Amount), ("importe objetivo", ES, Amount),
        ("importo obiettivo", IT, Amount),
        // "The goal of my emergency fund": its target.
        ("goal of", EN, Amount), ("ziel des", DE, Amount), ("objectif du", FR, Amount),
        ("objectif de", FR, Amount), ("objetivo del", ES, Amount), ("objetivo de", ES, Amount),
        ("obiettivo del", IT, Amount), ("obiettivo della", IT, Amount),
        ("obiettivo di", IT, Amount),
    ]
};

/// Beside a budget, words that say which one or how it is counted, not another question:
/// "my annual travel budget", "including rollover", "under my overall budget".
pub const BUDGET_ASIDES: &Phrases = &[
    ("annual", EN), ("yearly", EN), ("including rollover", EN), ("with rollover", EN),
    ("including", EN), ("rollover", EN), ("under", EN), ("within", EN), ("jahrlich", DE),
    ("jahrliches", DE), ("jahresbudget", DE), ("mit ubertrag", DE), ("annuel", FR),
    ("anual", ES), ("annuale", IT),
];

/// "Lately", "recently": anomalies of the last 30 days (otherwise all stored).
pub const LATELY: &Phrases = &[
    ("lately", EN), ("recently", EN), ("kurzlich", DE), ("in letzter zeit", DE),
    ("neulich", DE), ("dernierement", FR), ("recemment", FR), ("ces derniers temps", FR),
    ("ultimamente", ES), ("recientemente", ES), ("ultimamente", IT), ("di recente", IT),
    ("recentemente", IT),
];

/// Kinds of anomalies and insights, by the words that ask for them.
pub const PATTERN_KINDS: &[(&str, Language, super::intent::PatternKind)] = {
    use super::intent::PatternKind::*;
    &[
        ("unusually large", EN, Large), ("large", EN, Large), ("unusually big", EN, Large),
        ("big", EN, Large), ("ungewohnlich hohe", DE, Large), ("ungewohnlich grosse", DE, Large),
        ("hohe", DE, Large), ("anormalement eleves", FR, Large), ("anormalement eleve", FR, Large),
        ("eleves", FR, Large), ("anormalmente altos", ES, Large), ("anormalmente grandes", ES, Large),
        ("grandes", ES, Large), ("insolitamente alti", IT, Large), ("insolitamente grandi", IT, Large),
        ("spiked", EN, Spike), ("spike", EN, Spike), ("spikes", EN, Spike), ("jumped", EN, Spike),
        ("explodiert", DE, Spike), ("sprunghaft", DE, Spike), ("ausreisser", DE, Spike),
        ("envole", FR, Spike), ("envolees", FR, Spike), ("explose", FR, Spike),
        ("se dispararon", ES, Spike), ("dispararon", ES, Spike), ("se disparo", ES, Spike),
        ("impennate", IT, Spike), ("impennata", IT, Spike), ("esplose", IT, Spike),
        ("more than usual", EN, AboveUsual), ("above average", EN, AboveUsual),
        ("mehr als sonst", DE, AboveUsual), ("mehr als ublich", DE, AboveUsual),
        ("uber dem durchschnitt", DE, AboveUsual), ("plus que d habitude", FR, AboveUsual),
        ("plus que d ordinaire", FR, AboveUsual), ("mas de lo habitual", ES, AboveUsual),
        ("mas que de costumbre", ES, AboveUsual), ("mas de lo normal", ES, AboveUsual),
        ("piu del solito", IT, AboveUsual), ("piu del normale", IT, AboveUsual),
        ("price increase alerts", EN, PriceIncrease), ("price alerts", EN, PriceIncrease),
    ]
};

/// Category synonyms that are also the language's word for "an expense": before a
/// superlative ("la spesa più grande") they ask for the expense, not the category.
pub const AMBIGUOUS_EXPENSE: &Phrases = &[("spesa", IT)];

/// "At the end of" before a period: a balance on its last day.
pub const END_OF: &Phrases = &[
    ("at the end of", EN), ("end of", EN), ("by the end of", EN), ("as of the end of", EN),
    ("am ende", DE), ("ende", DE), ("zum ende", DE), ("a la fin du", FR), ("a la fin de", FR),
    ("a la fin", FR), ("fin", FR), ("a fin", ES), ("al final", ES), ("alla fine", IT),
    ("fin du", FR), ("fin de", FR), ("a fin de", ES), ("a finales de", ES), ("al final de", ES),
    ("al final del", ES), ("final de", ES), ("alla fine del", IT), ("alla fine di", IT),
    ("alla fine dell", IT), ("a fine", IT), ("fine", IT),
];

/// "When": a date is asked (a goal reached, a payment due). Only looked at, never taken.
pub const WHEN: &Phrases = &[
    ("when", EN), ("wann", DE), ("quand", FR), ("cuando", ES), ("quando", IT),
];

/// "Which …": the answer names what it finds. Only looked at, never taken: "which" is filler.
pub const WHICH: &Phrases = &[
    ("which", EN), ("welche", DE), ("welcher", DE), ("welches", DE), ("welchen", DE),
    ("welchem", DE), ("quel", FR), ("quelle", FR), ("quels", FR),
    ("quelles", FR), ("cuales", ES), ("quali", IT), ("quale", IT),
];

/// What is owed on an account: its balance, said as a debt.
pub const OWE: &Phrases = &[
    ("owe", EN), ("do i owe", EN), ("debt", EN), ("schulde", DE), ("schulden", DE),
    ("kreditkartenschulden", DE), ("dois je", FR), ("je dois", FR), ("dette", FR),
    ("debo", ES), ("deuda", ES), ("devo", IT), ("debito", IT),
];

/// Recurring views beyond the list.
pub const MONTHLY_TOTAL: &Phrases = &[
    ("per month", EN), ("a month", EN), ("monthly", EN), ("each month", EN), ("every month", EN),
    ("in total", EN), ("pro monat", DE), ("im monat", DE), ("monatlich", DE),
    ("zusammen", DE), ("par mois", FR), ("mensuel", FR), ("au total", FR),
    ("al mes", ES), ("por mes", ES), ("mensual", ES), ("al mese", IT), ("mensile", IT),
    ("in tutto", IT),
];
pub const UPCOMING: &Phrases = &[
    ("upcoming", EN), ("due", EN), ("coming up", EN), ("next", EN), ("renew", EN),
    ("renews", EN), ("renewal", EN), ("vence", ES), ("vencen", ES), ("vencimiento", ES),
    ("scade", IT), ("scadono", IT),
    ("anstehend", DE), ("anstehende", DE), ("fallig", DE), ("fallige", DE), ("nachsten", DE),
    ("a venir", FR), ("prochains", FR), ("prochaines", FR), ("prochain", FR),
    ("proximos", ES), ("proximas", ES), ("pendientes", ES),
    ("prossimi", IT), ("prossime", IT), ("in scadenza", IT),
    // "the next payment", "das nächste Mal", "el próximo cobro", "il prossimo addebito".
    ("nachste", DE), ("nachstes", DE), ("nachste mal", DE), ("proximo", ES), ("proxima", ES),
    ("prossimo", IT), ("prossima", IT), ("prochaine", FR),
];
/// Series that ended: "which subscriptions have I stopped (paying)".
pub const ENDED: &Phrases = &[
    ("stopped", EN), ("stopped paying", EN), ("did i cancel", EN), ("ended", EN), ("cancelled", EN), ("canceled", EN),
    ("no longer pay", EN), ("gekundigt", DE), ("beendet", DE), ("eingestellt", DE),
    ("nicht mehr", DE), ("arrete", FR), ("arretes", FR), ("arretees", FR), ("resilie", FR),
    ("resilies", FR), ("cancelado", ES), ("cancelados", ES), ("cancelada", ES),
    ("canceladas", ES), ("dejado de pagar", ES), ("cancellato", IT), ("cancellati", IT),
    ("disdetto", IT), ("disdetti", IT), ("interrotto", IT), ("interrotti", IT),
];

/// Cost in the present tense ("how much does Netflix cost", "was kostet", "cuánto pago por"):
/// with no period, what a recurring payment costs. Only looked at, never taken.
pub const PRESENT_COST: &Phrases = &[
    ("cost", EN), ("costs", EN), ("do i pay", EN), ("charge", EN), ("charges", EN),
    ("paying", EN), ("am i paying", EN), ("kostet", DE), ("kosten", DE),
    ("zahle", DE), ("bezahle", DE), ("coute", FR), ("coutent", FR), ("paie", FR),
    ("cuesta", ES), ("cuestan", ES), ("pago", ES), ("costa", IT), ("costano", IT),
    ("pago", IT),
];

pub const PRICE_INCREASE: &Phrases = &[
    ("price increase", EN), ("price increases", EN), ("went up", EN), ("gone up", EN),
    ("go up", EN), ("gone up in price", EN),
    ("more expensive", EN), ("increased", EN), ("price hikes", EN), ("subieron", ES),
    ("subieron de precio", ES), ("han subido", ES), ("subio", ES),
    ("teurer", DE), ("preiserhohung", DE), ("preiserhohungen", DE), ("gestiegen", DE),
    ("augmente", FR), ("augmentation", FR), ("augmentations", FR), ("plus cher", FR),
    ("plus chers", FR), ("subido", ES), ("subida", ES), ("aumento", ES), ("mas caro", ES),
    ("mas caros", ES), ("aumentato", IT), ("aumentati", IT), ("aumenti", IT),
    ("rincari", IT), ("piu cari", IT), ("piu caro", IT),
];

/// "biggest", "most": sort descending with a limit; "smallest", "least": ascending.
pub const MOST: &Phrases = &[
    ("biggest", EN), ("largest", EN), ("most expensive", EN), ("highest", EN), ("most", EN),
    ("the most", EN), ("the most expensive", EN), ("top", EN), ("grosste", DE), ("grossten", DE), ("grosster", DE),
    ("hochste", DE), ("hochsten", DE), ("teuerste", DE), ("teuersten", DE), ("teuerster", DE),
    ("teuerstes", DE),
    ("am meisten", DE), ("meisten", DE), ("meiste", DE),
    ("plus grosse", FR), ("plus grosses", FR), ("plus gros", FR), ("plus grande", FR),
    ("plus grandes", FR), ("plus chere", FR), ("plus cheres", FR), ("le plus", FR),
    ("plus importantes", FR), ("plus importante", FR), ("plus importants", FR),
    ("plus important", FR), ("plus elevee", FR), ("plus elevees", FR), ("plus eleve", FR),
    ("mas grande", ES), ("mas grandes", ES), ("mayor", ES), ("mayores", ES),
    ("mas cara", ES), ("mas caras", ES), ("mas", ES),
    ("piu grande", IT), ("piu grandi", IT), ("maggiore", IT), ("maggiori", IT),
    ("piu cara", IT), ("piu care", IT), ("di piu", IT), ("piu", IT), ("piu alta", IT),
    ("piu alto", IT), ("piu alte", IT), ("piu alti", IT), ("mas alto", ES), ("mas alta", ES),
    ("plus haute", FR), ("plus haut", FR),
];
pub const LEAST: &Phrases = &[
    ("smallest", EN), ("cheapest", EN), ("least", EN), ("lowest", EN),
    ("kleinste", DE), ("kleinsten", DE), ("gunstigste", DE), ("am wenigsten", DE),
    ("plus petite", FR), ("plus petites", FR), ("plus petit", FR), ("le moins", FR),
    ("mas pequena", ES), ("mas pequeno", ES), ("menor", ES), ("menos", ES),
    ("piu piccola", IT), ("piu piccolo", IT), ("minore", IT), ("di meno", IT), ("meno", IT),
];
/// The most recent first: "last 5 transactions", "latest", "recent".
pub const RECENT: &Phrases = &[
    ("latest", EN), ("recent", EN), ("last", EN), ("newest", EN), ("letzten", DE),
    ("neuesten", DE), ("aktuellen", DE), ("dernieres", FR), ("derniers", FR),
    ("recentes", FR), ("ultimos", ES), ("ultimas", ES), ("recientes", ES), ("ultimi", IT),
    ("ultime", IT), ("recenti", IT),
];

/// What a superlative or a grouping is over: "where", "which category", "by month".
pub const GROUPING: &[(&str, Language, GroupBy)] = {
    use GroupBy::*;
    &[
        ("where", EN, Merchant), ("which merchant", EN, Merchant), ("which shop", EN, Merchant),
        ("which store", EN, Merchant), ("by merchant", EN, Merchant),
        ("per merchant", EN, Merchant), ("merchants", EN, Merchant), ("shops", EN, Merchant),
        ("stores", EN, Merchant), ("which category", EN, Category),
        ("what category", EN, Category), ("by category", EN, Category),
        ("per category", EN, Category), ("categories", EN, Category),
        ("breakdown", EN, Category), ("on what", EN, Category), ("for what", EN, Category),
        ("category", EN, Category), ("merchant", EN, Merchant), ("shop", EN, Merchant),
        ("store", EN, Merchant),
        ("which month", EN, Month), ("by month", EN, Month), ("per month", EN, Month),
        ("monthly", EN, Month), ("each month", EN, Month), ("month by month", EN, Month),
        ("a month", EN, Month), ("every month", EN, Month),
        ("which week", EN, Week), ("by week", EN, Week), ("per week", EN, Week),
        ("weekly", EN, Week), ("which day", EN, Day), ("by day", EN, Day),
        ("per day", EN, Day), ("daily", EN, Day), ("by account", EN, Account),
        ("per account", EN, Account), ("which account", EN, Account),
        ("wo", DE, Merchant), ("bei wem", DE, Merchant), ("welcher handler", DE, Merchant),
        ("welchem handler", DE, Merchant), ("welchem geschaft", DE, Merchant),
        ("nach handler", DE, Merchant), ("pro handler", DE, Merchant),
        ("handler", DE, Merchant), ("handlern", DE, Merchant), ("welche kategorie", DE, Category),
        ("welcher kategorie", DE, Category), ("nach kategorie", DE, Category),
        ("pro kategorie", DE, Category), ("nach kategorien", DE, Category),
        ("kategorien", DE, Category), ("wofur", DE, Category), ("kategorie", DE, Category),
        ("welcher monat", DE, Month), ("welchem monat", DE, Month),
        ("pro monat", DE, Month), ("nach monat", DE, Month), ("monatlich", DE, Month),
        ("jeden monat", DE, Month), ("im monat", DE, Month), ("pro woche", DE, Week), ("wochentlich", DE, Week),
        ("pro tag", DE, Day), ("taglich", DE, Day), ("an welchem tag", DE, Day),
        ("pro konto", DE, Account),
        ("ou", FR, Merchant), ("chez qui", FR, Merchant), ("quel commercant", FR, Merchant),
        ("quel magasin", FR, Merchant), ("par commercant", FR, Merchant),
        ("par marchand", FR, Merchant), ("commercants", FR, Merchant),
        ("quelle categorie", FR, Category), ("par categorie", FR, Category),
        ("categories", FR, Category), ("pour quoi", FR, Category), ("categorie", FR, Category), ("quel mois", FR, Month), ("par mois", FR, Month),
        ("chaque mois", FR, Month), ("mois par mois", FR, Month), ("mensuel", FR, Month),
        ("mensuelle", FR, Month), ("mensuels", FR, Month), ("mensuelles", FR, Month),
        ("par semaine", FR, Week), ("quel jour", FR, Day), ("par jour", FR, Day),
        ("par compte", FR, Account),
        ("donde", ES, Merchant), ("en que comercio", ES, Merchant),
        ("que tienda", ES, Merchant), ("por comercio", ES, Merchant),
        ("comercios", ES, Merchant), ("que categoria", ES, Category),
        ("en que categoria", ES, Category), ("por categoria", ES, Category),
        ("categorias", ES, Category), ("en que", ES, Category), ("categoria", ES, Category), ("que mes", ES, Month),
        ("por mes", ES, Month), ("cada mes", ES, Month), ("mensual", ES, Month),
        ("mensuales", ES, Month), ("al mes", ES, Month), ("mes a mes", ES, Month),
        ("por semana", ES, Week), ("que dia", ES, Day), ("por dia", ES, Day),
        ("por cuenta", ES, Account),
        ("dove", IT, Merchant), ("quale negozio", IT, Merchant),
        ("quale esercente", IT, Merchant), ("per esercente", IT, Merchant),
        ("per negozio", IT, Merchant), ("esercenti", IT, Merchant), ("negozi", IT, Merchant),
        ("quale categoria", IT, Category), ("per categoria", IT, Category),
        ("categorie", IT, Category), ("in cosa", IT, Category), ("quale mese", IT, Month),
        ("per mese", IT, Month), ("ogni mese", IT, Month), ("mensile", IT, Month),
        ("mensili", IT, Month), ("al mese", IT, Month), ("mese per mese", IT, Month),
        ("per settimana", IT, Week), ("quale giorno", IT, Day), ("per giorno", IT, Day),
        ("per conto", IT, Account),
    ]
};

pub const AVERAGE: &Phrases = &[
    ("average", EN), ("on average", EN), ("avg", EN), ("typically", EN),
    ("durchschnitt", DE), ("durchschnittlich", DE), ("durchschnittliche", DE),
    ("durchschnittlichen", DE), ("im durchschnitt", DE),
    ("im schnitt", DE), ("moyenne", FR), ("en moyenne", FR), ("moyen", FR),
    ("promedio", ES), ("en promedio", ES), ("de media", ES), ("medio", ES), ("media", IT),
    ("in media", IT), ("mediamente", IT),
];

/// Comparison words: "than last month", "compared with", "vs".
pub const COMPARE: &Phrases = &[
    ("than", EN), ("compared to", EN), ("compared with", EN), ("vs", EN), ("versus", EN),
    ("against", EN), ("more than", EN), ("less than", EN), ("compare", EN),
    ("als", DE), ("im vergleich zu", DE), ("im vergleich zum", DE), ("verglichen mit", DE),
    ("gegenuber", DE), ("mehr als", DE), ("weniger als", DE), ("vergleiche", DE),
    ("que", FR), ("par rapport a", FR), ("par rapport au", FR), ("compare a", FR),
    ("compare au", FR), ("plus que", FR), ("moins que", FR), ("compare", FR),
    ("que", ES), ("comparado con", ES), ("en comparacion con", ES), ("frente a", ES),
    ("mas que", ES), ("menos que", ES), ("compara", ES),
    ("rispetto a", IT), ("rispetto al", IT), ("rispetto allo", IT), ("in confronto a", IT),
    ("confronta", IT), ("rispetto alla", IT), ("rispetto ai", IT), ("rispetto all", IT),
    ("rispetto agli", IT), ("piu che", IT), ("meno che", IT), ("piu di", IT), ("meno di", IT), ("piu del", IT), ("meno del", IT),
];
/// "more", "less" beside a comparison belong to it ("spent more this month than …").
pub const MORE_OR_LESS: &Phrases = &[
    ("more", EN), ("less", EN), ("higher", EN), ("lower", EN), ("mehr", DE), ("weniger", DE),
    ("hoher", DE), ("niedriger", DE), ("plus", FR), ("moins", FR), ("plus eleve", FR),
    ("plus elevees", FR), ("mas alto", ES), ("mas altos", ES), ("piu alto", IT), ("piu alte", IT),
    ("mas", ES), ("menos", ES), ("piu", IT), ("meno", IT), ("di piu", IT), ("di meno", IT),
];
pub const SAME_PERIOD_LAST_YEAR: &Phrases = &[
    ("same period last year", EN), ("same time last year", EN),
    ("same month last year", EN), ("gleichen zeitraum im vorjahr", DE),
    ("vorjahreszeitraum", DE), ("vorjahresmonat", DE), ("gleichen monat letztes jahr", DE),
    ("meme periode l annee derniere", FR), ("meme mois l annee derniere", FR),
    ("mismo periodo del ano pasado", ES), ("mismo mes del ano pasado", ES),
    ("stesso periodo dell anno scorso", IT), ("stesso mese dell anno scorso", IT),
];
/// "How much more": the answer is the difference.
pub const DIFFERENCE: &Phrases = &[
    ("how much more", EN), ("how much less", EN), ("difference", EN),
    ("wie viel mehr", DE), ("wieviel mehr", DE), ("wie viel weniger", DE),
    ("unterschied", DE), ("differenz", DE), ("combien de plus", FR), ("ont change", FR),
    ("a change", FR), ("de combien", FR), ("veranderung", DE), ("cambiado", ES),
    ("cambiato", IT),
    ("combien de moins", FR), ("difference", FR), ("cuanto mas", ES), ("cuanto menos", ES),
    ("diferencia", ES), ("quanto di piu", IT), ("quanto in piu", IT),
    ("quanto di meno", IT), ("quanto in meno", IT), ("differenza", IT),
];

/// Amount bounds: followed by a number ("over 100", "unter 20").
pub const AMOUNT_OVER: &Phrases = &[
    ("over", EN), ("above", EN), ("more than", EN), ("greater than", EN), ("bigger than", EN),
    ("larger than", EN), ("at least", EN), ("exceeding", EN),
    ("uber", DE), ("mehr als", DE), ("hoher als", DE), ("grosser als", DE),
    ("mindestens", DE), ("ab", DE),
    ("plus de", FR), ("superieur a", FR), ("superieurs a", FR), ("au dessus de", FR),
    ("au moins", FR),
    ("mas de", ES), ("mayor de", ES), ("mayores de", ES), ("mayor que", ES),
    ("mayores que", ES), ("por encima de", ES), ("al menos", ES),
    ("piu di", IT), ("oltre", IT), ("sopra", IT), ("superiore a", IT), ("superiori a", IT),
    ("almeno", IT),
];
pub const AMOUNT_UNDER: &Phrases = &[
    ("under", EN), ("below", EN), ("less than", EN), ("smaller than", EN), ("at most", EN),
    ("cheaper than", EN),
    ("unter", DE), ("weniger als", DE), ("unterhalb", DE), ("hochstens", DE), ("bis", DE),
    ("moins de", FR), ("inferieur a", FR), ("inferieurs a", FR), ("en dessous de", FR),
    ("au plus", FR),
    ("menos de", ES), ("menor de", ES), ("menores de", ES), ("menor que", ES),
    ("por debajo de", ES),
    ("meno di", IT), ("sotto", IT), ("inferiore a", IT), ("inferiori a", IT),
];
pub const BETWEEN: &Phrases = &[
    ("between", EN), ("zwischen", DE), ("entre", FR), ("entre", ES), ("tra", IT),
    ("fra", IT),
];
/// Joining two periods into one range: "from March to May", "von März bis Mai".
pub const RANGE_FROM: &Phrases = &[
    ("from", EN), ("between", EN), ("von", DE), ("vom", DE), ("zwischen", DE), ("de", FR),
    ("du", FR), ("entre", FR), ("de", ES), ("desde", ES), ("entre", ES), ("da", IT),
    ("dal", IT), ("tra", IT), ("fra", IT),
];
pub const RANGE_TO: &Phrases = &[
    ("to", EN), ("until", EN), ("through", EN), ("and", EN), ("bis", DE), ("und", DE),
    ("a", FR), ("au", FR), ("jusqu", FR), ("et", FR), ("a", ES), ("al", ES), ("hasta", ES),
    ("y", ES), ("a", IT), ("al", IT), ("fino", IT), ("e", IT),
];
pub const AND: &Phrases = &[
    ("and", EN), ("und", DE), ("et", FR), ("y", ES), ("e", IT), ("a", EN),
];

/// Currency names and signs (ISO 4217).
pub const CURRENCIES: &[(&str, &str)] = &[
    ("€", "EUR"), ("eur", "EUR"), ("euro", "EUR"), ("euros", "EUR"), ("$", "USD"),
    ("usd", "USD"), ("dollar", "USD"), ("dollars", "USD"), ("dollari", "USD"),
    ("dolares", "USD"), ("dolar", "USD"), ("£", "GBP"), ("gbp", "GBP"), ("pound", "GBP"),
    ("pounds", "GBP"), ("sterling", "GBP"), ("chf", "CHF"), ("franken", "CHF"),
    ("jpy", "JPY"), ("yen", "JPY"), ("pfund", "GBP"), ("livres", "GBP"), ("sterline", "GBP"),
    ("libras", "GBP"),
];
/// Words that ask for amounts in a currency: "in dollars", "en euros".
pub const IN_CURRENCY: &Phrases = &[
    ("in", EN), ("converted to", EN), ("into", EN), ("in", DE), ("umgerechnet in", DE),
    ("en", FR), ("converti en", FR), ("en", ES), ("in", IT),
];

/// "ever", "jemals": all of the user's history.
pub const EVER: &Phrases = &[
    ("ever", EN), ("of all time", EN), ("all time", EN), ("jemals", DE),
    ("aller zeiten", DE), ("de tous les temps", FR), ("de todos los tiempos", ES),
    ("di sempre", IT), ("di tutti i tempi", IT),
];

/// Fixed periods. The resolving is in `period.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedPeriod {
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    ThisQuarter,
    LastQuarter,
    /// Saturday and Sunday of this ISO week (so far), or of the week before.
    ThisWeekend,
    LastWeekend,
    /// "on the weekend": this one when today is Saturday or Sunday, else the last one.
    Weekend,
    DayBeforeYesterday,
    /// "this time last year": this month, a year ago.
    ThisTimeLastYear,
}

pub const FIXED_PERIODS: &[(&str, Language, FixedPeriod)] = {
    use FixedPeriod::*;
    &[
        ("today", EN, Today), ("yesterday", EN, Yesterday), ("this week", EN, ThisWeek),
        ("last week", EN, LastWeek), ("this month", EN, ThisMonth),
        ("so far this month", EN, ThisMonth), ("this month so far", EN, ThisMonth),
        ("month to date", EN, ThisMonth), ("last month", EN, LastMonth),
        ("this year", EN, ThisYear), ("so far this year", EN, ThisYear),
        ("year to date", EN, ThisYear), ("ytd", EN, ThisYear), ("last year", EN, LastYear),
        ("this quarter", EN, ThisQuarter), ("last quarter", EN, LastQuarter),
        ("this weekend", EN, ThisWeekend), ("last weekend", EN, LastWeekend),
        ("the weekend", EN, Weekend), ("weekend", EN, Weekend), ("am wochenende", DE, Weekend),
        ("the day before yesterday", EN, DayBeforeYesterday), ("vorgestern", DE, DayBeforeYesterday),
        ("avant hier", FR, DayBeforeYesterday), ("anteayer", ES, DayBeforeYesterday),
        ("antier", ES, DayBeforeYesterday), ("l altro ieri", IT, DayBeforeYesterday),
        ("altroieri", IT, DayBeforeYesterday),
        ("this time last year", EN, ThisTimeLastYear), ("the same month last year", EN, ThisTimeLastYear),
        ("um diese zeit letztes jahr", DE, ThisTimeLastYear),
        ("a la meme epoque l annee derniere", FR, ThisTimeLastYear),
        ("por estas fechas el ano pasado", ES, ThisTimeLastYear),
        ("in questo periodo l anno scorso", IT, ThisTimeLastYear),
        ("since the start of the year", EN, ThisYear), ("since the beginning of the year", EN, ThisYear),
        ("since the start of the month", EN, ThisMonth),
        ("since the beginning of the month", EN, ThisMonth),
        ("seit anfang des jahres", DE, ThisYear), ("seit jahresbeginn", DE, ThisYear),
        ("seit jahresanfang", DE, ThisYear), ("seit anfang des monats", DE, ThisMonth),
        ("seit monatsanfang", DE, ThisMonth),
        ("desde principios de ano", ES, ThisYear), ("desde principio de ano", ES, ThisYear),
        ("en lo que va del ano", ES, ThisYear), ("desde principios de mes", ES, ThisMonth),
        ("dall inizio dell anno", IT, ThisYear), ("da inizio anno", IT, ThisYear),
        ("dall inizio del mese", IT, ThisMonth), ("da inizio mese", IT, ThisMonth),
        ("la semaine", FR, ThisWeek), ("du mois", FR, ThisMonth),
        ("du mois dernier", FR, LastMonth), ("de la semana", ES, ThisWeek),
        ("de la semana pasada", ES, LastWeek), ("della settimana", IT, ThisWeek),
        ("della settimana scorsa", IT, LastWeek), ("der woche", DE, ThisWeek),
        ("le week end", FR, Weekend), ("el fin de semana", ES, Weekend),
        ("il fine settimana", IT, Weekend), ("nel weekend", IT, Weekend),
        ("dieses wochenende", DE, ThisWeekend), ("letztes wochenende", DE, LastWeekend),
        ("letzten wochenende", DE, LastWeekend), ("ce week end", FR, ThisWeekend),
        ("le week end dernier", FR, LastWeekend), ("week end dernier", FR, LastWeekend),
        ("este fin de semana", ES, ThisWeekend), ("el fin de semana pasado", ES, LastWeekend),
        ("fin de semana pasado", ES, LastWeekend), ("questo fine settimana", IT, ThisWeekend),
        ("lo scorso fine settimana", IT, LastWeekend), ("il fine settimana scorso", IT, LastWeekend),
        ("fine settimana scorso", IT, LastWeekend), ("lo scorso weekend", IT, LastWeekend),
        ("heute", DE, Today), ("gestern", DE, Yesterday), ("diese woche", DE, ThisWeek),
        ("dieser woche", DE, ThisWeek), ("letzte woche", DE, LastWeek),
        ("letzten woche", DE, LastWeek), ("vergangene woche", DE, LastWeek),
        ("vorige woche", DE, LastWeek), ("diesen monat", DE, ThisMonth),
        ("diesem monat", DE, ThisMonth), ("bisher diesen monat", DE, ThisMonth),
        ("im laufenden monat", DE, ThisMonth), ("letzten monat", DE, LastMonth),
        ("letzter monat", DE, LastMonth), ("im letzten monat", DE, LastMonth),
        ("vorigen monat", DE, LastMonth), ("vergangenen monat", DE, LastMonth),
        ("im vormonat", DE, LastMonth), ("vormonat", DE, LastMonth),
        ("dieses jahr", DE, ThisYear), ("diesem jahr", DE, ThisYear),
        ("bisher dieses jahr", DE, ThisYear), ("letztes jahr", DE, LastYear),
        ("letzten jahr", DE, LastYear), ("im letzten jahr", DE, LastYear),
        ("vergangenes jahr", DE, LastYear), ("voriges jahr", DE, LastYear),
        ("im vorjahr", DE, LastYear), ("vorjahr", DE, LastYear),
        ("letzten jahres", DE, LastYear), ("vergangenen jahres", DE, LastYear),
        ("vorigen jahres", DE, LastYear), ("dieses jahres", DE, ThisYear),
        ("dieses quartal", DE, ThisQuarter), ("diesem quartal", DE, ThisQuarter),
        ("letztes quartal", DE, LastQuarter), ("letzten quartal", DE, LastQuarter),
        ("im letzten quartal", DE, LastQuarter),
        ("aujourd hui", FR, Today), ("aujourdhui", FR, Today), ("hier", FR, Yesterday),
        ("cette semaine", FR, ThisWeek), ("la semaine derniere", FR, LastWeek),
        ("semaine derniere", FR, LastWeek), ("ce mois ci", FR, ThisMonth),
        ("ce mois", FR, ThisMonth), ("depuis le debut du mois", FR, ThisMonth),
        ("le mois dernier", FR, LastMonth), ("mois dernier", FR, LastMonth),
        ("cette annee", FR, ThisYear), ("depuis le debut de l annee", FR, ThisYear),
        ("l annee derniere", FR, LastYear), ("annee derniere", FR, LastYear),
        // "ma plus grosse dépense de l'année": this year's.
        ("de l annee", FR, ThisYear), ("de l annee derniere", FR, LastYear),
        ("ce trimestre", FR, ThisQuarter), ("le trimestre dernier", FR, LastQuarter),
        ("trimestre dernier", FR, LastQuarter),
        ("le dernier trimestre", FR, LastQuarter), ("dernier trimestre", FR, LastQuarter),
        ("hoy", ES, Today), ("ayer", ES, Yesterday), ("esta semana", ES, ThisWeek),
        ("la semana pasada", ES, LastWeek), ("semana pasada", ES, LastWeek),
        ("este mes", ES, ThisMonth), ("en lo que va de mes", ES, ThisMonth),
        ("el mes pasado", ES, LastMonth), ("mes pasado", ES, LastMonth),
        ("este ano", ES, ThisYear), ("en lo que va de ano", ES, ThisYear),
        ("el ano pasado", ES, LastYear), ("ano pasado", ES, LastYear),
        ("este trimestre", ES, ThisQuarter), ("el trimestre pasado", ES, LastQuarter),
        ("trimestre pasado", ES, LastQuarter),
        ("oggi", IT, Today), ("ieri", IT, Yesterday), ("questa settimana", IT, ThisWeek),
        ("la settimana scorsa", IT, LastWeek), ("settimana scorsa", IT, LastWeek),
        ("questo mese", IT, ThisMonth), ("finora questo mese", IT, ThisMonth),
        ("il mese scorso", IT, LastMonth), ("mese scorso", IT, LastMonth),
        ("lo scorso mese", IT, LastMonth), ("quest anno", IT, ThisYear),
        ("questo anno", IT, ThisYear), ("l anno scorso", IT, LastYear),
        ("anno scorso", IT, LastYear), ("lo scorso anno", IT, LastYear),
        ("questo trimestre", IT, ThisQuarter), ("il trimestre scorso", IT, LastQuarter),
        ("trimestre scorso", IT, LastQuarter), ("lo scorso trimestre", IT, LastQuarter),
    ]
};

/// "The month before", "der Monat davor": the previous question's period, one step back.
pub const BEFORE: &[(&str, Language, super::intent::PeriodUnit)] = {
    use super::intent::PeriodUnit::*;
    &[
        ("the month before", EN, Month), ("month before", EN, Month),
        ("the previous month", EN, Month), ("the month before that", EN, Month),
        ("the week before", EN, Week), ("the previous week", EN, Week),
        ("the year before", EN, Year), ("the previous year", EN, Year),
        ("the day before", EN, Day),
        ("der monat davor", DE, Month), ("den monat davor", DE, Month),
        ("im monat davor", DE, Month), ("monat davor", DE, Month),
        ("die woche davor", DE, Week), ("woche davor", DE, Week), ("der woche davor", DE, Week),
        ("dem monat davor", DE, Month), ("dem jahr davor", DE, Year),
        ("das jahr davor", DE, Year), ("im jahr davor", DE, Year), ("jahr davor", DE, Year),
        ("tag davor", DE, Day),
        ("le mois d avant", FR, Month), ("mois d avant", FR, Month), ("le mois precedent", FR, Month),
        ("mois precedent", FR, Month), ("la semaine d avant", FR, Week), ("semaine d avant", FR, Week),
        ("la semaine precedente", FR, Week), ("l annee d avant", FR, Year), ("annee d avant", FR, Year),
        ("l annee precedente", FR, Year), ("la veille", FR, Day),
        ("el mes anterior", ES, Month), ("mes anterior", ES, Month),
        // "el mes pasado que el anterior", "esta semana que la anterior".
        ("el anterior", ES, Month), ("la anterior", ES, Week), ("el pasado", ES, Month),
        ("el mes antes", ES, Month), ("la semana anterior", ES, Week),
        ("el ano anterior", ES, Year), ("el dia anterior", ES, Day),
        ("il mese prima", IT, Month), ("il mese precedente", IT, Month),
        ("mese precedente", IT, Month), ("mese prima", IT, Month),
        ("la settimana prima", IT, Week), ("la settimana precedente", IT, Week),
        ("l anno prima", IT, Year), ("l anno precedente", IT, Year),
        ("il giorno prima", IT, Day),
    ]
};

/// Month names and their usual abbreviations.
pub const MONTHS: &[(&str, Language, u32)] = &[
    ("january", EN, 1), ("jan", EN, 1), ("february", EN, 2), ("feb", EN, 2),
    ("march", EN, 3), ("april", EN, 4), ("apr", EN, 4), ("may", EN, 5), ("june", EN, 6),
    ("jun", EN, 6), ("july", EN, 7), ("jul", EN, 7), ("august", EN, 8), ("aug", EN, 8),
    ("september", EN, 9), ("sep", EN, 9), ("sept", EN, 9), ("october", EN, 10),
    ("oct", EN, 10), ("november", EN, 11), ("nov", EN, 11), ("december", EN, 12),
    ("dec", EN, 12),
    ("januar", DE, 1), ("janner", DE, 1), ("februar", DE, 2), ("marz", DE, 3),
    ("mai", DE, 5), ("juni", DE, 6), ("juli", DE, 7), ("oktober", DE, 10),
    ("dezember", DE, 12), ("okt", DE, 10), ("dez", DE, 12),
    ("april", DE, 4), ("august", DE, 8), ("september", DE, 9), ("november", DE, 11),
    ("mai", FR, 5), ("marzo", IT, 3), ("agosto", IT, 8), ("novembre", IT, 11),
    ("janvier", FR, 1), ("fevrier", FR, 2), ("mars", FR, 3), ("avril", FR, 4),
    ("juin", FR, 6), ("juillet", FR, 7), ("aout", FR, 8), ("septembre", FR, 9),
    ("octobre", FR, 10), ("novembre", FR, 11), ("decembre", FR, 12),
    ("enero", ES, 1), ("febrero", ES, 2), ("marzo", ES, 3), ("abril", ES, 4),
    ("mayo", ES, 5), ("junio", ES, 6), ("julio", ES, 7), ("agosto", ES, 8),
    ("septiembre", ES, 9), ("setiembre", ES, 9), ("octubre", ES, 10),
    ("noviembre", ES, 11), ("diciembre", ES, 12),
    ("gennaio", IT, 1), ("febbraio", IT, 2), ("aprile", IT, 4), ("maggio", IT, 5),
    ("giugno", IT, 6), ("luglio", IT, 7), ("settembre", IT, 9), ("ottobre", IT, 10),
    ("dicembre", IT, 12),
];

pub const WEEKDAYS: &[(&str, Language, Weekday)] = {
    use Weekday::*;
    &[
        ("monday", EN, Mon), ("tuesday", EN, Tue), ("wednesday", EN, Wed),
        ("thursday", EN, Thu), ("friday", EN, Fri), ("saturday", EN, Sat),
        ("sunday", EN, Sun),
        ("montag", DE, Mon), ("dienstag", DE, Tue), ("mittwoch", DE, Wed),
        ("donnerstag", DE, Thu), ("freitag", DE, Fri), ("samstag", DE, Sat),
        ("sonntag", DE, Sun),
        ("lundi", FR, Mon), ("mardi", FR, Tue), ("mercredi", FR, Wed), ("jeudi", FR, Thu),
        ("vendredi", FR, Fri), ("samedi", FR, Sat), ("dimanche", FR, Sun),
        ("lunes", ES, Mon), ("martes", ES, Tue), ("miercoles", ES, Wed), ("jueves", ES, Thu),
        ("viernes", ES, Fri), ("sabado", ES, Sat), ("domingo", ES, Sun),
        ("lunedi", IT, Mon), ("martedi", IT, Tue), ("mercoledi", IT, Wed),
        ("giovedi", IT, Thu), ("venerdi", IT, Fri), ("sabato", IT, Sat),
        ("domenica", IT, Sun),
    ]
};

/// "last" before a weekday or a count ("last Friday", "the last 3 months").
pub const LAST: &Phrases = &[
    ("last", EN), ("past", EN), ("previous", EN), ("the last", EN), ("the past", EN),
    ("in the last", EN), ("in the past", EN), ("over the last", EN), ("over the past", EN),
    ("during the last", EN),
    ("letzten", DE), ("letzte", DE), ("letzter", DE), ("vergangenen", DE), ("vorigen", DE),
    ("in den letzten", DE), ("die letzten", DE), ("den letzten", DE),
    ("dernier", FR), ("derniers", FR), ("dernieres", FR), ("les", FR), ("des", FR),
    ("au cours des", FR), ("ces", FR), ("durant les", FR), ("sur les", FR),
    ("ultimos", ES), ("ultimas", ES), ("los ultimos", ES), ("las ultimas", ES),
    ("en los ultimos", ES), ("en las ultimas", ES), ("pasado", ES),
    ("ultimi", IT), ("ultime", IT), ("gli ultimi", IT), ("le ultime", IT),
    ("negli ultimi", IT), ("nelle ultime", IT), ("scorso", IT),
];
/// After a weekday: "vendredi dernier", "el viernes pasado", "venerdi scorso".
pub const LAST_AFTER: &Phrases = &[
    ("dernier", FR), ("derniere", FR), ("pasado", ES), ("scorso", IT),
];
/// Before a count, meaning "coming": "the next 7 days".
pub const NEXT: &Phrases = &[
    ("next", EN), ("the next", EN), ("in the next", EN), ("within", EN),
    ("within the next", EN), ("coming", EN), ("nachsten", DE), ("in den nachsten", DE),
    ("die nachsten", DE), ("innerhalb", DE), ("prochains", FR), ("les prochains", FR),
    ("dans les", FR), ("sur", FR), ("proximos", ES), ("los proximos", ES), ("en los proximos", ES),
    ("prossimi", IT), ("nei prossimi", IT), ("entro", IT),
];
/// "In 60 days" beside a forecast: its horizon ("how much will I have in 60 days").
pub const IN_DAYS: &Phrases = &[
    ("in", EN), ("in", DE), ("dans", FR), ("en", ES), ("tra", IT), ("fra", IT),
];
/// "since June", "seit Juni", "depuis juin", "desde junio", "da giugno".
pub const SINCE: &Phrases = &[
    ("since", EN), ("seit", DE), ("depuis", FR), ("desde", ES), ("da", IT), ("dal", IT),
    ("dall", IT), ("a partire da", IT),
];

pub const UNITS: &[(&str, Language, super::intent::PeriodUnit)] = {
    use super::intent::PeriodUnit::*;
    &[
        ("day", EN, Day), ("days", EN, Day), ("week", EN, Week), ("weeks", EN, Week),
        ("month", EN, Month), ("months", EN, Month), ("year", EN, Year), ("years", EN, Year),
        ("tag", DE, Day), ("tage", DE, Day), ("tagen", DE, Day), ("woche", DE, Week),
        ("wochen", DE, Week), ("monat", DE, Month), ("monate", DE, Month),
        ("monaten", DE, Month), ("jahr", DE, Year), ("jahre", DE, Year),
        ("jahren", DE, Year),
        ("jour", FR, Day), ("jours", FR, Day), ("semaine", FR, Week), ("semaines", FR, Week),
        ("mois", FR, Month), ("an", FR, Year), ("ans", FR, Year), ("annee", FR, Year),
        ("annees", FR, Year),
        ("dia", ES, Day), ("dias", ES, Day), ("semana", ES, Week), ("semanas", ES, Week),
        ("mes", ES, Month), ("meses", ES, Month), ("ano", ES, Year), ("anos", ES, Year),
        ("giorno", IT, Day), ("giorni", IT, Day), ("settimana", IT, Week),
        ("settimane", IT, Week), ("mese", IT, Month), ("mesi", IT, Month), ("anno", IT, Year),
        ("anni", IT, Year),
    ]
};

pub const QUARTER_WORDS: &Phrases = &[
    ("quarter", EN), ("quartal", DE), ("trimestre", FR), ("trimestre", ES),
    ("trimestre", IT),
];
pub const ORDINALS: &[(&str, Language, u32)] = &[
    ("first", EN, 1), ("second", EN, 2), ("third", EN, 3), ("fourth", EN, 4),
    ("1st", EN, 1), ("2nd", EN, 2), ("3rd", EN, 3), ("4th", EN, 4),
    ("erste", DE, 1), ("ersten", DE, 1), ("zweite", DE, 2), ("zweiten", DE, 2),
    ("dritte", DE, 3), ("dritten", DE, 3), ("vierte", DE, 4), ("vierten", DE, 4),
    ("premier", FR, 1), ("deuxieme", FR, 2), ("second", FR, 2), ("troisieme", FR, 3),
    ("quatrieme", FR, 4), ("primer", ES, 1), ("segundo", ES, 2), ("tercer", ES, 3),
    ("cuarto", ES, 4), ("primo", IT, 1), ("secondo", IT, 2), ("terzo", IT, 3),
    ("quarto", IT, 4),
];

/// Account kinds by the words people use for them.
pub const ACCOUNT_KINDS: &[(&str, Language, &str)] = &[
    ("credit card", EN, "credit_card"), ("card", EN, "credit_card"),
    ("visa", EN, "credit_card"), ("mastercard", EN, "credit_card"),
    ("checking", EN, "checking"), ("checking account", EN, "checking"),
    ("current account", EN, "checking"), ("savings", EN, "savings"),
    ("savings account", EN, "savings"), ("cash", EN, "cash"), ("loan", EN, "loan"),
    ("kreditkarte", DE, "credit_card"), ("karte", DE, "credit_card"),
    ("girokonto", DE, "checking"), ("sparkonto", DE, "savings"),
    ("tagesgeld", DE, "savings"), ("bargeld", DE, "cash"), ("kredit", DE, "loan"),
    ("carte de credit", FR, "credit_card"), ("carte", FR, "credit_card"),
    ("compte courant", FR, "checking"), ("compte epargne", FR, "savings"),
    ("livret", FR, "savings"), ("especes", FR, "cash"),
    ("tarjeta de credito", ES, "credit_card"), ("tarjeta", ES, "credit_card"),
    ("cuenta corriente", ES, "checking"), ("cuenta de ahorro", ES, "savings"),
    ("cuenta de ahorros", ES, "savings"), ("efectivo", ES, "cash"),
    ("carta di credito", IT, "credit_card"), ("carta", IT, "credit_card"),
    ("conto corrente", IT, "checking"), ("conto risparmio", IT, "savings"),
    ("conto deposito", IT, "savings"), ("contanti", IT, "cash"),
];

/// Words that carry no meaning of their own here: articles, pronouns, auxiliaries,
/// prepositions, question words. A question's other words must all be understood.
pub const FILLER: &Phrases = &[
    // English
    ("i", EN), ("me", EN), ("my", EN), ("mine", EN), ("we", EN), ("our", EN), ("you", EN),
    ("did", EN), ("do", EN), ("does", EN), ("have", EN), ("has", EN), ("had", EN),
    ("is", EN), ("are", EN), ("was", EN), ("were", EN), ("be", EN), ("been", EN),
    ("will", EN), ("would", EN), ("can", EN), ("could", EN), ("the", EN), ("a", EN),
    ("an", EN), ("of", EN), ("on", EN), ("at", EN), ("in", EN), ("for", EN), ("to", EN),
    ("from", EN), ("with", EN), ("by", EN), ("about", EN), ("what", EN), ("whats", EN),
    ("which", EN), ("how", EN), ("much", EN), ("many", EN), ("all", EN), ("and", EN),
    ("or", EN), ("so", EN), ("far", EN), ("there", EN), ("any", EN), ("money", EN),
    ("it", EN), ("that", EN), ("this", EN), ("these", EN), ("those", EN), ("please", EN),
    ("tell", EN), ("give", EN), ("get", EN), ("see", EN), ("into", EN), ("out", EN),
    ("currently", EN), ("right", EN), ("now", EN), ("times", EN), ("time", EN),
    ("account", EN), ("accounts", EN), ("ever", EN), ("overall", EN), ("up", EN),
    ("again", EN), ("same", EN), ("at", EN), ("am", EN), ("going", EN), ("went", EN),
    ("there", EN), ("some", EN), ("one", EN), ("ones", EN), ("single", EN), ("were", EN),
    ("then", EN), ("than", EN), ("compared", EN), ("period", EN), ("things", EN),
    ("stuff", EN), ("amount", EN), ("each", EN), ("every", EN), ("eat", EN), ("ate", EN),
    ("order", EN), ("ordered", EN), ("doing", EN), ("when", EN), ("rides", EN), ("ride", EN),
    ("orders", EN), ("visits", EN), ("may", EN), ("everything", EN), ("bill", EN), ("want", EN), ("only", EN), ("just", EN),
    ("left", EN), ("remaining", EN), ("rest", EN),
    ("active", EN),
    ("know", EN), ("like", EN),
    ("containing", EN), ("contain", EN), ("contains", EN), ("mentioning", EN), ("price", EN),
    ("prices", EN), ("any", EN), ("did", EN), ("tag", EN), ("tagged", EN), ("tags", EN),
    // Asides that change nothing: "lately", "still", "already".
    // "At this pace", "au rythme actuel": the goal's projection is always at the recent pace.
    ("pace", EN), ("tempo", DE), ("jetzigen", DE), ("rythme", FR), ("actuel", FR), ("ritmo", ES),
    ("actual", ES), ("attuale", IT),
    // "Restaurantbesuch", "visits": one of them is a transaction.
    ("besuch", DE), ("besuche", DE),
    ("anything", EN), ("lately", EN), ("recently", EN), ("still", EN), ("already", EN),
    // German
    ("noch", DE), ("schon", DE), ("bereits", DE), ("hast", DE), ("kurzlich", DE),
    ("werde", DE), ("werden", DE), ("kommen", DE), ("kommt", DE), ("wird", DE), ("haben", DE),
    ("sie", DE), ("er", DE),
    ("drauf", DE), ("services", EN), ("side", EN), ("book", EN), ("booked", EN), ("stays", EN),
    ("stay", EN), ("-", EN), ("jai", FR), ("m", FR), ("pedi", ES), ("welchen", DE),
    ("welchem", DE),
    ("across", EN), ("paying", EN), ("charge", EN),
    ("got", EN), ("they", EN), ("them", EN), ("arriva", IT), ("precio", ES), ("sto", IT), ("se", ES), ("algun", ES),
    ("alguna", ES), ("sobre", ES), ("sur", FR), ("su", IT),
    // Converting into the currency asked: the net worth tool converts when one is named.
    ("converted", EN), ("converting", EN), ("umgerechnet", DE), ("converti", FR),
    ("convertis", FR), ("convertido", ES), ("convirtiendo", ES), ("convertito", IT),
    ("convertiti", IT),
    ("ich", DE), ("mir", DE), ("mich", DE), ("mein", DE), ("meine", DE), ("meinen", DE),
    ("meinem", DE), ("meiner", DE), ("meines", DE), ("habe", DE), ("hab", DE),
    ("hatte", DE), ("ist", DE), ("sind", DE), ("war", DE), ("waren", DE), ("wurde", DE),
    ("der", DE), ("die", DE), ("das", DE), ("den", DE), ("dem", DE), ("des", DE),
    ("ein", DE), ("eine", DE), ("einen", DE), ("im", DE), ("in", DE), ("am", DE),
    ("an", DE), ("auf", DE), ("fur", DE), ("bei", DE), ("beim", DE), ("von", DE),
    ("vom", DE), ("mit", DE), ("zu", DE), ("zum", DE), ("zur", DE), ("nach", DE),
    ("was", DE), ("wie", DE), ("viel", DE), ("viele", DE), ("welche", DE), ("welcher", DE),
    ("welches", DE), ("und", DE), ("oder", DE), ("bisher", DE), ("es", DE), ("gibt", DE),
    ("geld", DE), ("konto", DE), ("konten", DE), ("mal", DE), ("insgesamt", DE),
    ("gerade", DE), ("aktuell", DE), ("jetzt", DE), ("bitte", DE), ("zeit", DE),
    ("dort", DE), ("da", DE), ("so", DE), ("gegangen", DE), ("gewesen", DE), ("je", DE),
    ("alle", DE), ("aller", DE), ("alles", DE), ("betrag", DE), ("dieser", DE), ("hoch", DE),
    ("steht", DE), ("um", DE), ("aus", DE), ("sieht", DE), ("euro", DE), ("wann", DE),
    ("geworden", DE), ("nur", DE), ("ubrig", DE), ("restlich", DE), ("gab", DE),
    ("aktiven", DE), ("aktive", DE), ("mochte", DE), ("will", DE), ("wissen", DE), ("sehen", DE),
    // French
    ("encore", FR), ("deja", FR), ("recemment", FR), ("dernierement", FR),
    ("je", FR), ("j", FR), ("ai", FR), ("mon", FR), ("ma", FR), ("mes", FR), ("le", FR),
    ("la", FR), ("les", FR), ("l", FR), ("un", FR), ("une", FR), ("des", FR), ("de", FR),
    ("du", FR), ("d", FR), ("en", FR), ("pour", FR), ("chez", FR), ("sur", FR), ("au", FR),
    ("aux", FR), ("a", FR), ("dans", FR), ("avec", FR), ("et", FR), ("ou", FR),
    ("quel", FR), ("quelle", FR), ("quels", FR), ("quelles", FR), ("qu", FR), ("est", FR),
    ("ce", FR), ("c", FR), ("que", FR), ("qui", FR), ("il", FR), ("y", FR), ("suis", FR),
    ("argent", FR), ("compte", FR), ("comptes", FR), ("fois", FR), ("tout", FR),
    ("tous", FR), ("toutes", FR), ("actuellement", FR), ("maintenant", FR), ("me", FR),
    ("moi", FR), ("mois", FR), ("ete", FR), ("ont", FR), ("fait", FR), ("s", FR),
    ("n", FR), ("combien", FR), ("alle", FR), ("allee", FR), ("montant", FR), ("sont", FR),
    ("prevus", FR), ("prevu", FR), ("quoi", FR), ("quand", FR), ("veux", FR), ("seulement", FR), ("uniquement", FR),
    ("reste", FR), ("t", FR), ("actifs", FR), ("actives", FR), ("vais", FR), ("vas", FR),
    ("voudrais", FR), ("voir", FR), ("savoir", FR),
    // Spanish
    ("tuve", ES), ("tuvimos", ES), ("totales", ES), ("total", ES), ("tienes", ES),
    ("todavia", ES), ("ya", ES), ("ultimamente", ES), ("recientemente", ES),
    ("yo", ES), ("mi", ES), ("mis", ES), ("me", ES), ("he", ES), ("ha", ES), ("el", ES),
    ("la", ES), ("los", ES), ("las", ES), ("un", ES), ("una", ES), ("de", ES), ("del", ES),
    ("en", ES), ("para", ES), ("por", ES), ("con", ES), ("a", ES), ("al", ES), ("y", ES),
    ("o", ES), ("que", ES), ("cual", ES), ("cuales", ES), ("cuanto", ES), ("cuanta", ES),
    ("es", ES), ("son", ES), ("fue", ES), ("fueron", ES), ("hay", ES), ("tengo", ES),
    ("dinero", ES), ("cuenta", ES), ("cuentas", ES), ("veces", ES), ("vez", ES),
    ("todo", ES), ("todos", ES), ("todas", ES), ("actualmente", ES), ("ahora", ES),
    ("lo", ES), ("va", ES), ("ido", ES), ("fui", ES), ("importe", ES), ("monto", ES),
    ("como", ES), ("tal", ES), ("cuando", ES), ("quiero", ES), ("solo", ES),
    ("solamente", ES), ("queda", ES), ("quedan", ES), ("llevo", ES), ("activos", ES),
    ("activas", ES),
    ("ver", ES), ("saber", ES),
    // Italian
    ("preso", IT), ("presi", IT), ("avuto", IT), ("ancora", IT), ("gia", IT),
    ("recente", IT), ("ultimamente", IT), ("recentemente", IT),
    ("io", IT), ("ho", IT), ("hai", IT), ("ha", IT), ("mio", IT), ("mia", IT), ("miei", IT),
    ("mie", IT), ("il", IT), ("lo", IT), ("la", IT), ("i", IT), ("gli", IT), ("le", IT),
    ("l", IT), ("un", IT), ("una", IT), ("di", IT), ("del", IT), ("della", IT),
    ("dello", IT), ("dei", IT), ("delle", IT), ("degli", IT), ("da", IT), ("dal", IT),
    ("dalla", IT), ("in", IT), ("nel", IT), ("nella", IT), ("nei", IT), ("per", IT),
    ("con", IT), ("su", IT), ("sul", IT), ("sulla", IT), ("a", IT), ("al", IT),
    ("alla", IT), ("e", IT), ("o", IT), ("che", IT), ("quale", IT), ("quali", IT),
    ("quanto", IT), ("quanta", IT), ("c", IT), ("sono", IT), ("stato", IT), ("stata", IT),
    ("soldi", IT), ("conto", IT), ("conti", IT), ("volte", IT), ("tutto", IT),
    ("tutti", IT), ("tutte", IT), ("attualmente", IT), ("ora", IT), ("adesso", IT),
    ("mi", IT), ("andato", IT), ("andata", IT), ("importo", IT), ("fatto", IT), ("qual", IT),
    ("come", IT), ("va", IT), ("stato", IT), ("cosa", IT), ("quando", IT), ("voglio", IT),
    ("solo", IT), ("soltanto", IT), ("rimasto", IT), ("resta", IT), ("ci", IT), ("cui", IT),
    ("attivi", IT), ("attive", IT), ("dell", IT), ("nell", IT), ("sull", IT), ("all", IT),
    ("vorrei", IT), ("vedere", IT), ("sapere", IT),
];
