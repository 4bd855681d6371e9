//! The words of the buttons and what pressing them answers, in the user's language: German
//! for a German locale, English for the rest (as notifications' `render` does).

use kakeibo_ask::understand::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    de: bool,
}

impl Words {
    pub fn new(lang: Language) -> Self {
        Self {
            de: lang == Language::De,
        }
    }

    pub fn is_german(self) -> bool {
        self.de
    }

    fn pick(self, en: &'static str, de: &'static str) -> &'static str {
        if self.de { de } else { en }
    }

    pub fn change_category(self) -> &'static str {
        self.pick("Change category", "Kategorie ändern")
    }

    pub fn transfer(self) -> &'static str {
        self.pick("It's a transfer", "Ist eine Umbuchung")
    }

    pub fn looks_fine(self) -> &'static str {
        self.pick("Looks fine", "Passt so")
    }

    pub fn back(self) -> &'static str {
        self.pick("« Back", "« Zurück")
    }

    /// The button that files a row under a parent category rather than one of its children.
    pub fn itself(self, parent: &str) -> String {
        if self.de {
            format!("{parent} (allgemein)")
        } else {
            format!("{parent} itself")
        }
    }

    pub fn uncategorized(self) -> &'static str {
        self.pick("uncategorized", "ohne Kategorie")
    }

    pub fn recent_title(self) -> &'static str {
        self.pick("Recent transactions", "Letzte Buchungen")
    }

    pub fn review_title(self) -> &'static str {
        self.pick(
            "Transactions that need a category",
            "Buchungen ohne Kategorie",
        )
    }

    pub fn nothing_to_review(self) -> &'static str {
        self.pick(
            "Nothing to review: every transaction has a category.",
            "Nichts zu tun: jede Buchung hat eine Kategorie.",
        )
    }

    pub fn press_a_number(self) -> &'static str {
        self.pick(
            "Press a number to change that transaction.",
            "Tipp auf eine Nummer, um die Buchung zu bearbeiten.",
        )
    }

    pub fn pick_category(self) -> &'static str {
        self.pick("Pick a category", "Wähle eine Kategorie")
    }

    pub fn category_changed(self) -> &'static str {
        self.pick("✓ Category changed", "✓ Kategorie geändert")
    }

    pub fn marked_transfer(self) -> &'static str {
        self.pick("✓ Marked as a transfer", "✓ Als Umbuchung markiert")
    }

    pub fn marked_fine(self) -> &'static str {
        self.pick("✓ Looks fine", "✓ Passt so")
    }

    pub fn changed(self) -> &'static str {
        self.pick("Changed", "Geändert")
    }

    pub fn saved(self) -> &'static str {
        self.pick("Saved", "Gespeichert")
    }

    pub fn rule_added(self) -> &'static str {
        self.pick("Rule added", "Regel angelegt")
    }

    pub fn always_button(self) -> &'static str {
        self.pick("Always for this merchant", "Immer bei diesem Händler")
    }

    pub fn once_button(self) -> &'static str {
        self.pick("Just this once", "Nur dieses Mal")
    }

    pub fn ask_always(self, merchant: &str) -> String {
        if self.de {
            format!("Diese Kategorie immer für {merchant} verwenden?")
        } else {
            format!("Always use this category for {merchant}?")
        }
    }

    pub fn from_now_on(self, merchant: &str, category: &str) -> String {
        if self.de {
            format!("Ab jetzt ist {merchant} immer {category}.")
        } else {
            format!("From now on {merchant} is always {category}.")
        }
    }

    pub fn not_valid_here(self) -> &'static str {
        self.pick(
            "This button is not valid here: nothing was changed.",
            "Dieser Knopf gilt hier nicht: nichts wurde geändert.",
        )
    }

    pub fn transaction_gone(self) -> &'static str {
        self.pick(
            "That transaction is gone: nothing was changed.",
            "Diese Buchung gibt es nicht mehr: nichts wurde geändert.",
        )
    }

    pub fn no_transfer_category(self) -> &'static str {
        self.pick(
            "You have no transfer category: nothing was changed.",
            "Du hast keine Kategorie für Umbuchungen: nichts wurde geändert.",
        )
    }

    pub fn not_yours(self) -> &'static str {
        self.pick(
            "That category or transaction is not yours: nothing was changed.",
            "Diese Kategorie oder Buchung gehört nicht dir: nichts wurde geändert.",
        )
    }

    pub fn no_merchant(self) -> &'static str {
        self.pick(
            "This transaction has no merchant to make a rule for.",
            "Diese Buchung hat keinen Händler, für den eine Regel gelten könnte.",
        )
    }

    pub fn rule_refused(self) -> &'static str {
        self.pick(
            "The rule could not be added (you may have 500 rules already).",
            "Die Regel ließ sich nicht anlegen (vielleicht hast du schon 500 Regeln).",
        )
    }
}
