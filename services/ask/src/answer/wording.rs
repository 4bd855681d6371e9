//! The answer's sentence, in the question's language, from templates over the tool results:
//! every figure in it comes from a result, formatted the language's way with its currency.
//! Text from transactions (descriptions, merchants) is only ever quoted as a name, never
//! read as instructions.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;

use super::format::{self, amount_of, date_value, join, money, money_list, money_value, pick};
use super::plan::ToolCall;
use crate::tools::RoundHalfUp;
use crate::understand::{
    AverageUnit, FigureAsked, ForecastOf, Intent, Language, OutOfScopeReason, Period, PeriodSaid,
};

/// The reply to a question the engine does not answer from data: what it can do, with
/// examples, and never a figure.
pub fn out_of_scope(lang: Language, reason: OutOfScopeReason) -> String {
    let why = match reason {
        OutOfScopeReason::InvestmentAdvice => pick(
            lang,
            "I can't give investment advice, but I can tell you about your own money.",
            "Anlageberatung kann ich nicht geben, aber ich kann dir alles über dein eigenes Geld sagen.",
            "Je ne peux pas donner de conseils en investissement, mais je peux vous parler de votre argent.",
            "No puedo dar consejos de inversión, pero puedo hablarte de tu dinero.",
            "Non posso dare consigli di investimento, ma posso parlarti del tuo denaro.",
        ),
        OutOfScopeReason::ChangesData => pick(
            lang,
            "I only read your data; changes are made in the app.",
            "Ich lese deine Daten nur; Änderungen machst du in der App.",
            "Je ne fais que lire vos données ; les modifications se font dans l'application.",
            "Solo leo tus datos; los cambios se hacen en la aplicación.",
            "Leggo soltanto i tuoi dati; le modifiche si fanno nell'app.",
        ),
        OutOfScopeReason::NotUnderstood | OutOfScopeReason::Empty => pick(
            lang,
            "I didn't understand that question about your money.",
            "Diese Frage zu deinem Geld habe ich nicht verstanden.",
            "Je n'ai pas compris cette question sur votre argent.",
            "No he entendido esa pregunta sobre tu dinero.",
            "Non ho capito questa domanda sul tuo denaro.",
        ),
        OutOfScopeReason::Weather
        | OutOfScopeReason::GeneralKnowledge
        | OutOfScopeReason::Arithmetic => pick(
            lang,
            "I only answer questions about your own money.",
            "Ich beantworte nur Fragen zu deinem eigenen Geld.",
            "Je ne réponds qu'aux questions sur votre propre argent.",
            "Solo respondo preguntas sobre tu propio dinero.",
            "Rispondo solo a domande sul tuo denaro.",
        ),
    };
    let examples = pick(
        lang,
        "You can ask, for example: \"How much did I spend on groceries last month?\", \"What are my subscriptions?\", \"What is my net worth?\", \"My biggest expenses this year\".",
        "Du kannst zum Beispiel fragen: „Wie viel habe ich letzten Monat für Lebensmittel ausgegeben?“, „Welche Abos habe ich?“, „Wie hoch ist mein Vermögen?“, „Meine größten Ausgaben dieses Jahr“.",
        "Vous pouvez demander par exemple : « Combien ai-je dépensé en courses le mois dernier ? », « Quels sont mes abonnements ? », « Quel est mon patrimoine ? », « Mes plus grosses dépenses cette année ».",
        "Puedes preguntar, por ejemplo: «¿Cuánto gasté en supermercado el mes pasado?», «¿Qué suscripciones tengo?», «¿Cuál es mi patrimonio?», «Mis mayores gastos este año».",
        "Puoi chiedere, per esempio: «Quanto ho speso per la spesa il mese scorso?», «Quali abbonamenti ho?», «Qual è il mio patrimonio?», «Le mie spese più grandi quest'anno».",
    );
    format!("{why} {examples}")
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map_or(&[], Vec::as_slice)
}

fn date_of(v: &Value) -> Option<NaiveDate> {
    v.as_str()?.parse().ok()
}

/// The period the call covered, as the question said it when it said one.
fn period_words(lang: Language, intent: Option<&Intent>, from: &Value, to: &Value) -> String {
    if let Some(p) = intent.and_then(|i| i.period.as_ref())
        && Some(p.start) == date_of(from)
        && Some(p.end) == date_of(to)
        && !p.assumed
    {
        return format::period(lang, p);
    }
    match (date_of(from), date_of(to)) {
        (Some(a), Some(b)) => format::range(lang, a, b),
        _ => String::new(),
    }
}

/// " on Groceries", " at Rewe" and their translations, from the arguments used.
fn narrowed(lang: Language, intent: Option<&Intent>, args: &Value, filters: &Value) -> String {
    let mut parts = Vec::new();
    let listed = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The user's own spelling of a category, as the tool found it.
    let mut categories = listed(&filters["categories"]);
    if categories.is_empty() {
        categories = listed(&args["categories"]);
    }
    if !categories.is_empty() {
        let categories: Vec<String> = categories
            .iter()
            .map(|c| category_name(lang, intent, c))
            .collect();
        let c = join(lang, &categories);
        parts.push(format!(
            "{} {c}",
            pick(lang, "on", "für", "en", "en", "per")
        ));
    }
    let merchants = listed(&args["merchants"]);
    if !merchants.is_empty() {
        let m = join(lang, &merchants);
        parts.push(format!(
            "{} {m}",
            pick(lang, "at", "bei", "chez", "en", "da")
        ));
    }
    if let Some(a) = args["account"].as_str() {
        parts.push(format!(
            "{} {a}",
            pick(lang, "from", "vom Konto", "depuis", "desde", "dal conto")
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {}", parts.join(" "))
    }
}

/// A category named by the question, in the question's language when it is a built-in one
/// the user kept ("Lebensmittel" for Groceries in a German answer); the user's own name
/// otherwise.
fn category_name(lang: Language, intent: Option<&Intent>, name: &str) -> String {
    intent
        .and_then(|i| i.filters.categories.iter().find(|c| c.name == name))
        .and_then(|c| c.slug.as_deref())
        .and_then(|slug| crate::understand::display_name(slug, name, lang))
        .unwrap_or(name)
        .to_string()
}

/// The sentence for the calls made and their results.
pub fn sentence(lang: Language, intent: Option<&Intent>, results: &[(ToolCall, Value)]) -> String {
    let Some((call, out)) = results.first() else {
        return out_of_scope(lang, OutOfScopeReason::NotUnderstood);
    };
    let args = &call.arguments;
    // Balances or net worth of a past day say which.
    if matches!(call.name.as_str(), "balances" | "net_worth") && args["on"].is_string() {
        let s = sentence_now(lang, intent, results, call, out);
        let on = date_value(lang, &args["on"]);
        let when = match lang {
            Language::En => format!("On {on}: "),
            Language::De => format!("Am {on}: "),
            Language::Fr => format!("Au {on} : "),
            Language::Es => format!("Al {on}: "),
            Language::It => format!("Al {on}: "),
        };
        return format!("{when}{s}");
    }
    sentence_now(lang, intent, results, call, out)
}

fn sentence_now(
    lang: Language,
    intent: Option<&Intent>,
    results: &[(ToolCall, Value)],
    call: &ToolCall,
    out: &Value,
) -> String {
    let args = &call.arguments;
    match call.name.as_str() {
        "spending" => spending(lang, intent, results),
        // Ranked per currency: each currency's sentence, those with none left out.
        "transactions" if results.len() > 1 => {
            let parts: Vec<String> = results
                .iter()
                .filter(|(_, out)| out["count"].as_i64().unwrap_or(0) > 0)
                .map(|(call, out)| {
                    let c = call.arguments["currency"].as_str().unwrap_or("");
                    let s = transactions(lang, intent, &call.arguments, out);
                    format!("{c}: {s}")
                })
                .collect();
            if parts.is_empty() {
                transactions(lang, intent, args, out)
            } else {
                parts.join(" ")
            }
        }
        "transactions" => transactions(lang, intent, args, out),
        "balances" => {
            let totals = items(out, "totals");
            if totals.is_empty() {
                return pick(
                    lang,
                    "You have no accounts yet.",
                    "Du hast noch keine Konten.",
                    "Vous n'avez pas encore de compte.",
                    "Aún no tienes cuentas.",
                    "Non hai ancora conti.",
                )
                .into();
            }
            let n = items(out, "accounts").len();
            if intent.is_some_and(|i| i.owed) {
                let owed: Vec<String> = totals
                    .iter()
                    .filter_map(amount_of)
                    .map(|(a, c)| money(lang, -a, &c))
                    .collect();
                let owed = join(lang, &owed);
                return match lang {
                    Language::En => format!("You owe {owed}."),
                    Language::De => format!("Du schuldest {owed}."),
                    Language::Fr => format!("Vous devez {owed}."),
                    Language::Es => format!("Debes {owed}."),
                    Language::It => format!("Devi {owed}."),
                };
            }
            let total = money_list(lang, totals);
            match lang {
                Language::En => format!("Your {} hold {total}.", counted(n, "account", "accounts")),
                Language::De => format!(
                    "Auf {} liegen {total}.",
                    counted(n, "deinem Konto", "deinen Konten")
                ),
                Language::Fr => format!(
                    "{} : {total}.",
                    capitalize(&counted(n, "compte", "comptes"))
                ),
                Language::Es => {
                    format!("{}: {total}.", capitalize(&counted(n, "cuenta", "cuentas")))
                }
                Language::It => format!("{}: {total}.", capitalize(&counted(n, "conto", "conti"))),
            }
        }
        "net_worth" => {
            let per: Vec<Value> = items(out, "currencies")
                .iter()
                .map(|c| c["net_worth"].clone())
                .collect();
            let list = money_list(lang, &per);
            let mut s = match lang {
                Language::En => format!("Your net worth is {list}."),
                Language::De => format!("Dein Vermögen beträgt {list}."),
                Language::Fr => format!("Votre patrimoine s'élève à {list}."),
                Language::Es => format!("Tu patrimonio es de {list}."),
                Language::It => format!("Il tuo patrimonio è di {list}."),
            };
            if out["converted"].is_object() && per.len() > 1 {
                let total = money_value(lang, &out["converted"]);
                s.push(' ');
                s.push_str(&match lang {
                    Language::En => {
                        format!("Converted at the latest exchange rates, that is {total}.")
                    }
                    Language::De => {
                        format!("Zu den neuesten Wechselkursen umgerechnet sind das {total}.")
                    }
                    Language::Fr => {
                        format!("Converti aux derniers taux de change, cela fait {total}.")
                    }
                    Language::Es => {
                        format!("Convertido a los últimos tipos de cambio, son {total}.")
                    }
                    Language::It => {
                        format!("Convertito agli ultimi tassi di cambio, sono {total}.")
                    }
                });
            } else if !items(out, "unconverted").is_empty() {
                s.push(' ');
                s.push_str(pick(
                    lang,
                    "Some currencies have no exchange rate, so I kept them apart.",
                    "Für einige Währungen fehlt ein Wechselkurs, daher bleiben sie getrennt.",
                    "Certaines devises n'ont pas de taux de change : je les garde à part.",
                    "Algunas monedas no tienen tipo de cambio, así que las mantengo aparte.",
                    "Alcune valute non hanno un tasso di cambio, quindi le tengo separate.",
                ));
            }
            s
        }
        "cash_flow" => {
            let when = period_words(lang, intent, &out["period"]["from"], &out["period"]["to"]);
            let parts: Vec<String> = items(out, "totals")
                .iter()
                .map(|c| {
                    let (income, spent, net) = (
                        money_value(lang, &c["income"]),
                        money_value(lang, &c["spending"]),
                        money_value(lang, &c["net"]),
                    );
                    match lang {
                        Language::En => {
                            format!("you earned {income}, spent {spent} and saved {net}")
                        }
                        Language::De => format!(
                            "hast du {income} eingenommen, {spent} ausgegeben und {net} gespart"
                        ),
                        Language::Fr => {
                            format!("vous avez gagné {income}, dépensé {spent} et épargné {net}")
                        }
                        Language::Es => {
                            format!("ingresaste {income}, gastaste {spent} y ahorraste {net}")
                        }
                        Language::It => {
                            format!("hai guadagnato {income}, speso {spent} e risparmiato {net}")
                        }
                    }
                })
                .collect();
            if parts.is_empty() {
                return nothing(lang, &when);
            }
            let mut s = capitalize(&format!("{when}, {}.", join(lang, &parts)));
            // Compared with another period: the difference in what was saved.
            if let Some(super::headline::Figure::Amount { amounts }) =
                super::headline::of(intent, results)
                && results.len() > 1
            {
                let diffs: Vec<String> = amounts
                    .iter()
                    .map(|m| money(lang, m.amount, &m.currency))
                    .collect();
                let diffs = join(lang, &diffs);
                let other = period_words(
                    lang,
                    None,
                    &results[1].1["period"]["from"],
                    &results[1].1["period"]["to"],
                );
                s.push(' ');
                s.push_str(&match lang {
                    Language::En => format!("Compared with {other}: {diffs}."),
                    Language::De => format!("Im Vergleich zu {other}: {diffs}."),
                    Language::Fr => format!("Par rapport à {other} : {diffs}."),
                    Language::Es => format!("Comparado con {other}: {diffs}."),
                    Language::It => format!("Rispetto a {other}: {diffs}."),
                });
            }
            if intent.is_some_and(|i| i.percent)
                && let Some((rate, currency)) = savings_rate(out)
            {
                let rate = format::number(lang, rate, 1);
                s.push(' ');
                s.push_str(&match lang {
                    Language::En => format!("Savings rate: {rate} % ({currency})."),
                    Language::De => format!("Sparquote: {rate} % ({currency})."),
                    Language::Fr => format!("Taux d'épargne : {rate} % ({currency})."),
                    Language::Es => format!("Tasa de ahorro: {rate} % ({currency})."),
                    Language::It => format!("Tasso di risparmio: {rate} % ({currency})."),
                });
            }
            s
        }
        "budgets" => {
            let parts: Vec<String> = items(out, "budgets")
                .iter()
                .take(3)
                .map(|b| {
                    let (name, spent, avail, left) = (
                        b["name"].as_str().unwrap_or(""),
                        money_value(lang, &b["spent"]),
                        money_value(lang, &b["available"]),
                        money_value(lang, &b["remaining"]),
                    );
                    let share = b["utilization_percent"]
                        .as_str()
                        .and_then(|p| p.parse::<Decimal>().ok())
                        .filter(|_| intent.is_some_and(|i| i.percent))
                        .map(|p| format!(" ({} %)", format::number(lang, p, 1)))
                        .unwrap_or_default();
                    let spent = format!("{spent}{share}");
                    // The amount budgeted, when asked and rollover makes it differ.
                    let avail = if super::headline::budget_figure(intent) == "budgeted"
                        && b["budgeted"] != b["available"]
                    {
                        format!("{avail} ({})", money_value(lang, &b["budgeted"]))
                    } else {
                        avail
                    };
                    match lang {
                        Language::En => format!("{name}: {spent} of {avail} spent, {left} left"),
                        Language::De => {
                            format!("{name}: {spent} von {avail} ausgegeben, {left} übrig")
                        }
                        Language::Fr => {
                            format!("{name} : {spent} dépensés sur {avail}, il reste {left}")
                        }
                        Language::Es => {
                            format!("{name}: {spent} gastados de {avail}, quedan {left}")
                        }
                        Language::It => format!("{name}: spesi {spent} su {avail}, restano {left}"),
                    }
                })
                .collect();
            if parts.is_empty() {
                return pick(
                    lang,
                    "You have no budgets yet.",
                    "Du hast noch keine Budgets.",
                    "Vous n'avez pas encore de budget.",
                    "Aún no tienes presupuestos.",
                    "Non hai ancora budget.",
                )
                .into();
            }
            format!("{}.", parts.join("; "))
        }
        "goals" => {
            let parts: Vec<String> = items(out, "goals")
                .iter()
                .take(3)
                .map(|g| {
                    let (name, saved, target) = (
                        g["name"].as_str().unwrap_or(""),
                        money_value(lang, &g["saved"]),
                        money_value(lang, &g["target"]),
                    );
                    let percent = g["percent"]
                        .as_str()
                        .and_then(|p| p.parse().ok())
                        .map(|p: Decimal| format::number(lang, p, 1))
                        .unwrap_or_default();
                    let mut s = match lang {
                        Language::En => format!("{name}: {saved} of {target} saved ({percent} %)"),
                        Language::De => {
                            format!("{name}: {saved} von {target} gespart ({percent} %)")
                        }
                        Language::Fr => {
                            format!("{name} : {saved} épargnés sur {target} ({percent} %)")
                        }
                        Language::Es => {
                            format!("{name}: {saved} ahorrados de {target} ({percent} %)")
                        }
                        Language::It => {
                            format!("{name}: {saved} risparmiati su {target} ({percent} %)")
                        }
                    };
                    if intent.and_then(|i| i.figure) == Some(FigureAsked::Left) {
                        let left = money_value(lang, &g["remaining"]);
                        s.push_str(&match lang {
                            Language::En => format!(", {left} to go"),
                            Language::De => format!(", es fehlen {left}"),
                            Language::Fr => format!(", il manque {left}"),
                            Language::Es => format!(", faltan {left}"),
                            Language::It => format!(", mancano {left}"),
                        });
                    }
                    let when_asked = intent.and_then(|i| i.figure) == Some(FigureAsked::When);
                    if when_asked && g["projected_completion"].is_null() {
                        s.push_str(pick(
                            lang,
                            ", not reached at your recent pace",
                            ", beim jetzigen Tempo nicht erreicht",
                            ", pas atteint au rythme actuel",
                            ", no se alcanza al ritmo actual",
                            ", non raggiunto al ritmo attuale",
                        ));
                    }
                    if let Some(d) = g["projected_completion"].as_str() {
                        let d = date_value(lang, &Value::String(d.into()));
                        s.push_str(&match lang {
                            Language::En => format!(", reached around {d} at your recent pace"),
                            Language::De => format!(", beim jetzigen Tempo erreicht um den {d}"),
                            Language::Fr => format!(", atteint vers le {d} au rythme actuel"),
                            Language::Es => format!(", alcanzado hacia el {d} al ritmo actual"),
                            Language::It => format!(", raggiunto verso il {d} al ritmo attuale"),
                        });
                    }
                    s
                })
                .collect();
            if parts.is_empty() {
                return pick(
                    lang,
                    "You have no savings goals yet.",
                    "Du hast noch keine Sparziele.",
                    "Vous n'avez pas encore d'objectif d'épargne.",
                    "Aún no tienes metas de ahorro.",
                    "Non hai ancora obiettivi di risparmio.",
                )
                .into();
            }
            format!("{}.", parts.join("; "))
        }
        "recurring" => recurring(lang, intent, args, out),
        "anomalies" => {
            let found = &super::headline::patterns_selected(intent, "anomalies", out);
            if let Some(s) = pattern_names_sentence(lang, intent, found) {
                return s;
            }
            let Some(first) = found.first() else {
                return pick(
                    lang,
                    "Nothing unusual lately.",
                    "In letzter Zeit nichts Ungewöhnliches.",
                    "Rien d'inhabituel ces derniers temps.",
                    "Nada inusual últimamente.",
                    "Niente di insolito ultimamente.",
                )
                .into();
            };
            let what = first["merchant"]
                .as_str()
                .or(first["category"].as_str())
                .unwrap_or("?");
            let (amount, usual, on) = (
                money_value(lang, &first["amount"]),
                money_value(lang, &first["usual"]),
                date_value(lang, &first["on_date"]),
            );
            let n = found.len();
            match lang {
                Language::En => format!(
                    "{n} unusual items; the latest: {what}, {amount} on {on} (usually {usual})."
                ),
                Language::De => format!(
                    "{n} Auffälligkeiten; zuletzt: {what}, {amount} am {on} (sonst {usual})."
                ),
                Language::Fr => format!(
                    "{n} éléments inhabituels ; le dernier : {what}, {amount} le {on} (d'habitude {usual})."
                ),
                Language::Es => format!(
                    "{n} elementos inusuales; el último: {what}, {amount} el {on} (normalmente {usual})."
                ),
                Language::It => format!(
                    "{n} elementi insoliti; l'ultimo: {what}, {amount} il {on} (di solito {usual})."
                ),
            }
        }
        "insights" => {
            let found = &super::headline::patterns_selected(intent, "insights", out);
            if let Some(s) = pattern_names_sentence(lang, intent, found) {
                return s;
            }
            let n = found.len();
            // The stored text is English: it is quoted as data, the frame is the question's
            // language.
            let first = found.first().and_then(|i| i["text"].as_str()).unwrap_or("");
            match lang {
                Language::En => format!("{n} insights. Latest: {first}"),
                Language::De => {
                    format!("{n} Hinweise. Der neueste (englisch gespeichert): „{first}“")
                }
                Language::Fr => {
                    format!(
                        "{n} observations. La plus récente (enregistrée en anglais) : « {first} »"
                    )
                }
                Language::Es => {
                    format!("{n} observaciones. La más reciente (guardada en inglés): «{first}»")
                }
                Language::It => {
                    format!("{n} osservazioni. La più recente (salvata in inglese): «{first}»")
                }
            }
        }
        "forecast" => {
            let days = out["days"].as_u64().unwrap_or(30);
            let of = intent.and_then(|i| i.forecast_of);
            let parts: Vec<String> = items(out, "currencies")
                .iter()
                .map(|c| match c["balance"].is_object() {
                    _ if of == Some(ForecastOf::Spending) => {
                        let spent = super::headline::forecast_spending(c)
                            .map(|m| money(lang, m.amount, &m.currency))
                            .unwrap_or_default();
                        match lang {
                            Language::En => format!("spending of {spent}"),
                            Language::De => format!("Ausgaben von {spent}"),
                            Language::Fr => format!("des dépenses de {spent}"),
                            Language::Es => format!("gastos de {spent}"),
                            Language::It => format!("spese per {spent}"),
                        }
                    }
                    true if of != Some(ForecastOf::Net) => {
                        let b = money_value(lang, &c["balance"]);
                        match lang {
                            Language::En => format!("a balance of {b}"),
                            Language::De => format!("ein Kontostand von {b}"),
                            Language::Fr => format!("un solde de {b}"),
                            Language::Es => format!("un saldo de {b}"),
                            Language::It => format!("un saldo di {b}"),
                        }
                    }
                    _ => {
                        let n = money_value(lang, &c["net"]);
                        match lang {
                            Language::En => format!("a net change of {n}"),
                            Language::De => format!("eine Veränderung von {n}"),
                            Language::Fr => format!("une variation de {n}"),
                            Language::Es => format!("una variación de {n}"),
                            Language::It => format!("una variazione di {n}"),
                        }
                    }
                })
                .collect();
            if parts.is_empty() {
                return nothing(lang, "");
            }
            let list = join(lang, &parts);
            match lang {
                Language::En => format!("In {days} days I expect {list}."),
                Language::De => format!("In {days} Tagen erwarte ich {list}."),
                Language::Fr => format!("Dans {days} jours, je prévois {list}."),
                Language::Es => format!("En {days} días espero {list}."),
                Language::It => format!("Tra {days} giorni prevedo {list}."),
            }
        }
        "search" => {
            let n = items(out, "hits").len();
            let q = out["query"].as_str().unwrap_or("");
            let total = money_list(lang, items(out, "totals"));
            if n == 0 {
                return nothing(lang, "");
            }
            match lang {
                Language::En => format!("{n} transactions match \"{q}\", totalling {total}."),
                Language::De => format!("{n} Buchungen passen zu „{q}“, zusammen {total}."),
                Language::Fr => {
                    format!("{n} opérations correspondent à « {q} », pour un total de {total}.")
                }
                Language::Es => format!("{n} movimientos coinciden con «{q}», en total {total}."),
                Language::It => {
                    format!("{n} movimenti corrispondono a «{q}», per un totale di {total}.")
                }
            }
        }
        _ => nothing(lang, ""),
    }
}

/// "Which categories spiked", "where was it": the names of the anomalies or insights found.
fn pattern_names_sentence(
    lang: Language,
    intent: Option<&Intent>,
    found: &[Value],
) -> Option<String> {
    if !intent.is_some_and(|i| i.names_asked) {
        return None;
    }
    let names = super::headline::pattern_names(found);
    if names.is_empty() {
        return Some(
            pick(
                lang,
                "None found.",
                "Keine gefunden.",
                "Aucun trouvé.",
                "No encontré ninguno.",
                "Nessuno trovato.",
            )
            .into(),
        );
    }
    let list = join(lang, &names);
    Some(match lang {
        Language::En => format!("Found: {list}."),
        Language::De => format!("Gefunden: {list}."),
        Language::Fr => format!("Trouvés : {list}."),
        Language::Es => format!("Encontrados: {list}."),
        Language::It => format!("Trovati: {list}."),
    })
}

/// "1 transaction", "2 transactions": the count with the word in its number.
fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The first savings rate a currency has (one without income has none), and its currency.
pub fn savings_rate(out: &Value) -> Option<(Decimal, String)> {
    items(out, "totals").iter().find_map(|c| {
        let rate = match &c["savings_rate_percent"] {
            Value::String(s) => s.parse().ok()?,
            Value::Number(n) => n.to_string().parse().ok()?,
            _ => return None,
        };
        Some((rate, c["income"]["currency"].as_str()?.to_string()))
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn nothing(lang: Language, when: &str) -> String {
    let s = pick(
        lang,
        "I found nothing",
        "Ich habe nichts gefunden",
        "Je n'ai rien trouvé",
        "No encontré nada",
        "Non ho trovato nulla",
    );
    if when.is_empty() {
        format!("{s}.")
    } else {
        format!("{s} {when}.")
    }
}

fn spending(lang: Language, intent: Option<&Intent>, results: &[(ToolCall, Value)]) -> String {
    let (call, out) = &results[0];
    let income = out["flow"] == "income";
    let when = period_words(lang, intent, &out["period"]["from"], &out["period"]["to"]);
    let what = narrowed(lang, intent, &call.arguments, &out["filters"]);
    let totals = items(out, "totals");
    if totals.is_empty() {
        return match (lang, income) {
            (Language::En, false) => format!("You spent nothing{what} {when}."),
            (Language::En, true) => format!("You received nothing{what} {when}."),
            (Language::De, false) => format!("Du hast {when}{what} nichts ausgegeben."),
            (Language::De, true) => format!("Du hast {when}{what} nichts eingenommen."),
            (Language::Fr, false) => format!("Vous n'avez rien dépensé{what} {when}."),
            (Language::Fr, true) => format!("Vous n'avez rien reçu{what} {when}."),
            (Language::Es, false) => format!("No gastaste nada{what} {when}."),
            (Language::Es, true) => format!("No recibiste nada{what} {when}."),
            (Language::It, false) => format!("Non hai speso nulla{what} {when}."),
            (Language::It, true) => format!("Non hai ricevuto nulla{what} {when}."),
        };
    }
    let average = intent.and_then(|i| i.average_per);
    let amount = match average {
        Some(AverageUnit::Month) => money_list(lang, items(out, "average_per_month")),
        Some(unit) => {
            let days = (date_of(&out["period"]["to"]).zip(date_of(&out["period"]["from"])))
                .map_or(1, |(b, a)| (b - a).num_days() + 1);
            let per = if unit == AverageUnit::Week {
                Decimal::from(days) / Decimal::from(7)
            } else {
                Decimal::from(days)
            };
            let parts: Vec<String> = totals
                .iter()
                .filter_map(amount_of)
                .map(|(a, c)| money(lang, (a / per.max(Decimal::ONE)).round_half_up(2), &c))
                .collect();
            join(lang, &parts)
        }
        None => money_list(lang, totals),
    };
    let per = match average {
        Some(AverageUnit::Month) => pick(
            lang,
            " per month on average",
            " im Monatsschnitt",
            " par mois en moyenne",
            " al mes de media",
            " al mese in media",
        ),
        Some(AverageUnit::Week) => pick(
            lang,
            " per week on average",
            " im Wochenschnitt",
            " par semaine en moyenne",
            " a la semana de media",
            " a settimana in media",
        ),
        Some(AverageUnit::Day) => pick(
            lang,
            " per day on average",
            " im Tagesschnitt",
            " par jour en moyenne",
            " al día de media",
            " al giorno in media",
        ),
        None => "",
    };
    let mut s = match (lang, income) {
        (Language::En, false) => format!("You spent {amount}{per}{what} {when}."),
        (Language::En, true) => format!("You received {amount}{per}{what} {when}."),
        (Language::De, false) => format!("Du hast {when}{what} {amount}{per} ausgegeben."),
        (Language::De, true) => format!("Du hast {when}{what} {amount}{per} eingenommen."),
        (Language::Fr, false) => format!("Vous avez dépensé {amount}{per}{what} {when}."),
        (Language::Fr, true) => format!("Vous avez reçu {amount}{per}{what} {when}."),
        (Language::Es, false) => format!("Gastaste {amount}{per}{what} {when}."),
        (Language::Es, true) => format!("Recibiste {amount}{per}{what} {when}."),
        (Language::It, false) => format!("Hai speso {amount}{per}{what} {when}."),
        (Language::It, true) => format!("Hai ricevuto {amount}{per}{what} {when}."),
    };
    // The biggest group, when grouped by something other than time.
    if let Some(top) = items(out, "groups").first()
        && !matches!(out["group_by"].as_str(), Some("day" | "week" | "month"))
    {
        let (label, amount) = (
            top["label"].as_str().unwrap_or(""),
            money_value(lang, &top["amount"]),
        );
        s.push(' ');
        s.push_str(&match lang {
            Language::En => format!("The most: {label} ({amount})."),
            Language::De => format!("Am meisten: {label} ({amount})."),
            Language::Fr => format!("Le plus : {label} ({amount})."),
            Language::Es => format!("Lo que más: {label} ({amount})."),
            Language::It => format!("Il più: {label} ({amount})."),
        });
    }
    // Compared with another period: by the tool, or a second call over a named period.
    let (other_period, before) = if out["comparison"].is_object() {
        (
            &out["comparison"]["period"],
            items(&out["comparison"], "totals"),
        )
    } else if let Some((_, second)) = results.get(1) {
        (&second["period"], items(second, "totals"))
    } else {
        return s;
    };
    let other_words = match intent.and_then(|i| i.compare.as_ref()) {
        Some(c) => period_or_range(lang, &c.against, other_period),
        None => period_words(lang, None, &other_period["from"], &other_period["to"]),
    };
    // "rispetto a a febbraio": the month's own "a" goes.
    let other_words = match (lang, other_words.strip_prefix("a ")) {
        (Language::It, Some(rest)) => rest.to_string(),
        _ => other_words,
    };
    for now in totals {
        let Some((a, currency)) = amount_of(now) else {
            continue;
        };
        let b = before
            .iter()
            .filter_map(amount_of)
            .find(|(_, c)| *c == currency)
            .map_or(Decimal::ZERO, |(b, _)| b);
        let diff = money(lang, (a - b).abs(), &currency);
        let more = a >= b;
        s.push(' ');
        s.push_str(&match (lang, more) {
            (Language::En, true) => format!(
                "That is {diff} more than {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::En, false) => format!(
                "That is {diff} less than {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::De, true) => format!(
                "Das sind {diff} mehr als {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::De, false) => format!(
                "Das sind {diff} weniger als {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::Fr, true) => format!(
                "C'est {diff} de plus que {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::Fr, false) => format!(
                "C'est {diff} de moins que {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::Es, true) => format!(
                "Son {diff} más que {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::Es, false) => format!(
                "Son {diff} menos que {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::It, true) => format!(
                "Sono {diff} in più rispetto a {other_words} ({}).",
                money(lang, b, &currency)
            ),
            (Language::It, false) => format!(
                "Sono {diff} in meno rispetto a {other_words} ({}).",
                money(lang, b, &currency)
            ),
        });
    }
    s
}

fn period_or_range(lang: Language, p: &Period, other: &Value) -> String {
    if Some(p.start) == date_of(&other["from"]) && !p.assumed && p.said != PeriodSaid::Range {
        format::period(lang, p)
    } else {
        period_words(lang, None, &other["from"], &other["to"])
    }
}

fn transactions(lang: Language, intent: Option<&Intent>, args: &Value, out: &Value) -> String {
    let count = out["count"].as_i64().unwrap_or(0);
    let n = usize::try_from(count).unwrap_or(0);
    let when = period_words(lang, intent, &args["from"], &args["to"]);
    let what = narrowed(lang, intent, args, &Value::Null);
    if count == 0 {
        return nothing(lang, &when);
    }
    // Money out ("purchases over 100") is stated as its size.
    let total = if args["direction"] == "out" {
        let sizes: Vec<String> = items(out, "totals")
            .iter()
            .filter_map(amount_of)
            .map(|(a, c)| money(lang, -a, &c))
            .collect();
        join(lang, &sizes)
    } else {
        money_list(lang, items(out, "totals"))
    };
    let is_count = intent.is_some_and(|i| i.ask == crate::understand::Ask::Count);
    let biggest = args["sort"] == "largest";
    let first = items(out, "transactions").first();
    if biggest
        && !is_count
        && let Some(t) = first
    {
        let name = t["merchant"]
            .as_str()
            .unwrap_or_else(|| t["description"].as_str().unwrap_or(""));
        // "The biggest expense was 80.00 EUR": its size, the question said which way.
        let amount = match amount_of(&t["amount"]) {
            Some((a, c)) if args["direction"] == "out" => money(lang, a.abs(), &c),
            _ => money_value(lang, &t["amount"]),
        };
        let on = date_value(lang, &t["date"]);
        return match lang {
            Language::En => format!("The biggest{what} {when} was {name}: {amount} on {on}."),
            Language::De => {
                format!("Die größte Buchung{what} {when} war {name}: {amount} am {on}.")
            }
            Language::Fr => {
                format!("La plus grosse opération{what} {when} : {name}, {amount} le {on}.")
            }
            Language::Es => {
                format!("El mayor movimiento{what} {when} fue {name}: {amount} el {on}.")
            }
            Language::It => {
                format!("Il movimento più grande{what} {when} è stato {name}: {amount} il {on}.")
            }
        };
    }
    // A count states how many; beside it only money that went one way ("spent", "received"),
    // never a signed sum of both ways that would read like another count or a loss.
    if is_count {
        let rows = match lang {
            Language::En => counted(n, "transaction", "transactions"),
            Language::De => counted(n, "Buchung", "Buchungen"),
            Language::Fr => counted(n, "opération", "opérations"),
            Language::Es => counted(n, "movimiento", "movimientos"),
            Language::It => counted(n, "movimento", "movimenti"),
        };
        let head = format!("{rows}{what} {when}");
        return match args["direction"].as_str() {
            Some("out") => match lang {
                Language::En => format!("{head}: {total} spent."),
                Language::De => format!("{head}: {total} ausgegeben."),
                Language::Fr => format!("{head} : {total} dépensés."),
                Language::Es => format!("{head}: {total} gastados."),
                Language::It => format!("{head}: {total} spesi."),
            },
            Some("in") => match lang {
                Language::En => format!("{head}: {total} received."),
                Language::De => format!("{head}: {total} erhalten."),
                Language::Fr => format!("{head} : {total} reçus."),
                Language::Es => format!("{head}: {total} recibidos."),
                Language::It => format!("{head}: {total} ricevuti."),
            },
            _ => format!("{head}."),
        };
    }
    match lang {
        Language::En => format!(
            "{}{what} {when}, totalling {total}.",
            counted(n, "transaction", "transactions")
        ),
        Language::De => format!(
            "{}{what} {when}, zusammen {total}.",
            counted(n, "Buchung", "Buchungen")
        ),
        Language::Fr => format!(
            "{}{what} {when}, pour un total de {total}.",
            counted(n, "opération", "opérations")
        ),
        Language::Es => format!(
            "{}{what} {when}, en total {total}.",
            counted(n, "movimiento", "movimientos")
        ),
        Language::It => format!(
            "{}{what} {when}, per un totale di {total}.",
            counted(n, "movimento", "movimenti")
        ),
    }
}

/// What a named payment costs, when it is next due, what is due in all, or which ended.
fn recurring_named(
    lang: Language,
    intent: Option<&Intent>,
    args: &Value,
    out: &Value,
) -> Option<String> {
    let figure = intent.and_then(|i| i.figure);
    let payments = items(out, "payments");
    if args["ended_only"] == true {
        let names: Vec<String> = payments
            .iter()
            .filter_map(|p| p["merchant"].as_str())
            .map(str::to_string)
            .collect();
        if names.is_empty() {
            return Some(
                pick(
                    lang,
                    "No recurring payment has ended.",
                    "Keine wiederkehrende Zahlung wurde beendet.",
                    "Aucun paiement récurrent n'a pris fin.",
                    "Ningún pago recurrente ha terminado.",
                    "Nessun pagamento ricorrente è terminato.",
                )
                .into(),
            );
        }
        let list = join(lang, &names);
        return Some(match lang {
            Language::En => format!("Ended: {list}."),
            Language::De => format!("Beendet: {list}."),
            Language::Fr => format!("Terminés : {list}."),
            Language::Es => format!("Terminados: {list}."),
            Language::It => format!("Terminati: {list}."),
        });
    }
    let first = payments.first();
    match figure {
        Some(FigureAsked::When) => {
            let p = payments
                .iter()
                .filter(|p| p["next_date"].is_string())
                .min_by_key(|p| p["next_date"].as_str().unwrap_or("").to_string())?;
            let (m, on, amount) = (
                p["merchant"].as_str().unwrap_or(""),
                date_value(lang, &p["next_date"]),
                money(
                    lang,
                    amount_of(&p["amount"])?.0.abs(),
                    &amount_of(&p["amount"])?.1,
                ),
            );
            Some(match lang {
                Language::En => format!("{m} is next due on {on} ({amount})."),
                Language::De => format!("{m} ist als Nächstes am {on} fällig ({amount})."),
                Language::Fr => format!("{m} est prévu le {on} ({amount})."),
                Language::Es => format!("{m} vence el {on} ({amount})."),
                Language::It => format!("{m} è previsto il {on} ({amount})."),
            })
        }
        Some(FigureAsked::Amount) if args["upcoming_within_days"].is_u64() => {
            let days = args["upcoming_within_days"].as_u64().unwrap_or(30);
            let total = money_list(lang, items(out, "upcoming_total"));
            let total = if total.is_empty() {
                money(lang, Decimal::ZERO, "EUR")
            } else {
                total
            };
            Some(match lang {
                Language::En => {
                    format!("In the next {days} days recurring payments take out {total}.")
                }
                Language::De => format!(
                    "In den nächsten {days} Tagen gehen {total} für wiederkehrende Zahlungen ab."
                ),
                Language::Fr => format!(
                    "Dans les {days} prochains jours, les paiements récurrents prélèvent {total}."
                ),
                Language::Es => {
                    format!("En los próximos {days} días los pagos recurrentes suman {total}.")
                }
                Language::It => format!(
                    "Nei prossimi {days} giorni i pagamenti ricorrenti ammontano a {total}."
                ),
            })
        }
        Some(FigureAsked::Amount) => {
            let p = first?;
            let (amount, currency) = amount_of(&p["amount"])?;
            let (m, each) = (
                p["merchant"].as_str().unwrap_or(""),
                money(lang, amount.abs(), &currency),
            );
            let cadence = cadence_word(lang, p["cadence"].as_str().unwrap_or(""));
            // Recurring income (a salary) brings money in; a payment costs it.
            Some(if amount.is_sign_positive() {
                match lang {
                    Language::En => format!("{m} pays you {each} ({cadence})."),
                    Language::De => format!("{m} zahlt dir {each} ({cadence})."),
                    Language::Fr => format!("{m} vous verse {each} ({cadence})."),
                    Language::Es => format!("{m} te paga {each} ({cadence})."),
                    Language::It => format!("{m} ti versa {each} ({cadence})."),
                }
            } else {
                match lang {
                    Language::En => format!("{m} costs {each} ({cadence})."),
                    Language::De => format!("{m} kostet {each} ({cadence})."),
                    Language::Fr => format!("{m} coûte {each} ({cadence})."),
                    Language::Es => format!("{m} cuesta {each} ({cadence})."),
                    Language::It => format!("{m} costa {each} ({cadence})."),
                }
            })
        }
        _ => None,
    }
}

/// A series' cadence in the answer's language.
fn cadence_word(lang: Language, cadence: &str) -> &'static str {
    let words: [&'static str; 5] = match cadence {
        "weekly" => [
            "weekly",
            "wöchentlich",
            "chaque semaine",
            "semanal",
            "settimanale",
        ],
        "fortnightly" => [
            "every two weeks",
            "alle zwei Wochen",
            "toutes les deux semaines",
            "quincenal",
            "ogni due settimane",
        ],
        "quarterly" => [
            "quarterly",
            "vierteljährlich",
            "chaque trimestre",
            "trimestral",
            "trimestrale",
        ],
        "yearly" => ["yearly", "jährlich", "chaque année", "anual", "annuale"],
        _ => ["monthly", "monatlich", "chaque mois", "mensual", "mensile"],
    };
    words[lang as usize]
}

/// How many of the recurring series take money out.
pub fn money_out(payments: &[Value]) -> usize {
    payments
        .iter()
        .filter(|p| amount_of(&p["amount"]).is_some_and(|(a, _)| a.is_sign_negative()))
        .count()
}

fn recurring(lang: Language, intent: Option<&Intent>, args: &Value, out: &Value) -> String {
    let out = &super::headline::recurring_selected(intent, out);
    let payments = items(out, "payments");
    if let Some(s) = recurring_named(lang, intent, args, out) {
        return s;
    }
    let n = payments.len();
    let monthly = money_list(lang, items(out, "monthly_total"));
    if args["price_increases_only"] == true {
        let parts: Vec<String> = payments
            .iter()
            .take(3)
            .map(|p| {
                let (m, before, now) = (
                    p["merchant"].as_str().unwrap_or(""),
                    money_value(lang, &p["previous_amount"]),
                    money_value(lang, &p["amount"]),
                );
                format!("{m} ({before} → {now})")
            })
            .collect();
        if parts.is_empty() {
            return pick(
                lang,
                "No price increases.",
                "Keine Preiserhöhungen.",
                "Aucune hausse de prix.",
                "Ninguna subida de precio.",
                "Nessun aumento di prezzo.",
            )
            .into();
        }
        let list = join(lang, &parts);
        return match lang {
            Language::En => format!("{n} price increases: {list}."),
            Language::De => format!("{n} Preiserhöhungen: {list}."),
            Language::Fr => format!("{n} hausses de prix : {list}."),
            Language::Es => format!("{n} subidas de precio: {list}."),
            Language::It => format!("{n} aumenti di prezzo: {list}."),
        };
    }
    if let Some(days) = args["upcoming_within_days"].as_u64() {
        // "Which bills are due": their names too.
        let names = if intent.is_some_and(|i| i.names_asked) && !payments.is_empty() {
            let names: Vec<String> = payments
                .iter()
                .filter_map(|p| p["merchant"].as_str())
                .map(str::to_string)
                .collect();
            format!(" ({})", join(lang, &names))
        } else {
            String::new()
        };
        let s = match lang {
            Language::En => format!(
                "Due in the next {days} days: {}.",
                counted(n, "recurring payment", "recurring payments")
            ),
            Language::De => format!(
                "In den nächsten {days} Tagen fällig: {}.",
                counted(n, "wiederkehrende Zahlung", "wiederkehrende Zahlungen")
            ),
            Language::Fr => format!(
                "Prévus dans les {days} prochains jours : {}.",
                counted(n, "paiement récurrent", "paiements récurrents")
            ),
            Language::Es => format!(
                "En los próximos {days} días vencen: {}.",
                counted(n, "pago recurrente", "pagos recurrentes")
            ),
            Language::It => format!(
                "Nei prossimi {days} giorni: {}.",
                counted(n, "pagamento ricorrente", "pagamenti ricorrenti")
            ),
        };
        return match s.strip_suffix('.') {
            Some(head) => format!("{head}{names}."),
            None => s,
        };
    }
    // Payments are money out; recurring income (the salary) is not one of them.
    let n = money_out(payments);
    if n == 0 {
        return pick(
            lang,
            "I found no recurring payments.",
            "Ich habe keine wiederkehrenden Zahlungen gefunden.",
            "Je n'ai trouvé aucun paiement récurrent.",
            "No encontré pagos recurrentes.",
            "Non ho trovato pagamenti ricorrenti.",
        )
        .into();
    }
    match lang {
        Language::En => format!(
            "You have {}, {monthly} per month.",
            counted(n, "recurring payment", "recurring payments")
        ),
        Language::De => format!(
            "Du hast {}, {monthly} pro Monat.",
            counted(n, "wiederkehrende Zahlung", "wiederkehrende Zahlungen")
        ),
        Language::Fr => format!(
            "Vous avez {}, {monthly} par mois.",
            counted(n, "paiement récurrent", "paiements récurrents")
        ),
        Language::Es => format!(
            "Tienes {}, {monthly} al mes.",
            counted(n, "pago recurrente", "pagos recurrentes")
        ),
        Language::It => format!(
            "Hai {}, {monthly} al mese.",
            counted(n, "pagamento ricorrente", "pagamenti ricorrenti")
        ),
    }
}
