"use client";

/**
 * The language (English or German) and the formats: from the signed-in user's `locale`
 * and `time_zone` (`GET /me`), else the choice made on this browser, else the browser's
 * language. Amounts and dates are formatted with the full locale (`de-CH` groups digits
 * differently from `de`).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en, type Dictionary } from "./en";
import { browserTimeZone } from "@/lib/format";

export type Lang = "en" | "de";

const KEY = "kakeibo.lang";

/**
 * English ships with the first load; German (15 KB gzipped) is fetched only by those who
 * read it, so English readers do not download and parse it before the overview's figures.
 */
const loaded: Partial<Record<Lang, Dictionary>> = { en };
let german: Promise<Dictionary> | null = null;

function loadGerman(): Promise<Dictionary> {
  german ??= import("./de").then((m) => (loaded.de = m.de));
  return german;
}

// Started as this module loads, not after the first render, when this browser chose German.
if (typeof window !== "undefined") {
  try {
    if (langOf(localStorage.getItem(KEY)) === "de") void loadGerman();
  } catch {
    // No storage: the language comes from the account or the browser.
  }
}

export function langOf(locale: string | null | undefined): Lang | null {
  if (!locale) return null;
  const l = locale.toLowerCase();
  if (l.startsWith("de")) return "de";
  if (l.startsWith("en")) return "en";
  return null;
}

interface I18nValue {
  lang: Lang;
  /** For Intl: the user's locale when it is in this language, else the language. */
  locale: string;
  timeZone: string;
  t: Dictionary;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export interface UserPrefs {
  locale: string;
  time_zone: string;
}

export function I18nProvider({
  user,
  onChangeLocale,
  children,
}: {
  user: UserPrefs | null;
  onChangeLocale?: (lang: Lang) => void;
  children: React.ReactNode;
}) {
  const [stored, setStored] = useState<Lang | null>(null);
  const [browser, setBrowser] = useState<{ locale: string; timeZone: string }>({
    locale: "en",
    timeZone: "UTC",
  });

  useEffect(() => {
    let saved: Lang | null = null;
    try {
      saved = langOf(localStorage.getItem(KEY));
    } catch {
      saved = null;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setStored(saved);
    setBrowser({ locale: navigator.language || "en", timeZone: browserTimeZone() });
  }, []);

  const lang: Lang = langOf(user?.locale) ?? stored ?? langOf(browser.locale) ?? "en";
  const preferred = user?.locale ?? browser.locale;
  const locale = langOf(preferred) === lang ? preferred : lang;
  const timeZone = user?.time_zone || browser.timeZone;

  // Set when the language's dictionary is at hand, so its arrival re-renders.
  const [dictionary, setDictionary] = useState<Dictionary | undefined>(() => loaded[lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    if (loaded[lang]) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setDictionary(loaded[lang]);
      return;
    }
    let current = true;
    void loadGerman().then((d) => {
      if (current) setDictionary(d);
    });
    return () => {
      current = false;
    };
  }, [lang]);

  const setLang = useCallback(
    (next: Lang) => {
      setStored(next);
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // Not stored: the choice lasts for this page.
      }
      onChangeLocale?.(next);
    },
    [onChangeLocale],
  );

  // Until German has arrived the words stay English, as in the page's static HTML.
  const shown: Lang = dictionary && loaded[lang] ? lang : "en";
  const value = useMemo(
    () => ({ lang: shown, locale: shown === lang ? locale : "en", timeZone, t: loaded[shown] ?? en, setLang }),
    [shown, lang, locale, timeZone, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
