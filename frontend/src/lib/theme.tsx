"use client";

/**
 * Dark mode by a class on <html>: the choice (light, dark or system) is remembered in
 * localStorage and follows the system by default. No inline script sets it before paint
 * (the CSP allows none of ours); the stylesheet follows `prefers-color-scheme` until this
 * runs, so only someone who chose against their system sees a brief flash.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

export type ThemeChoice = "light" | "dark" | "system";

const KEY = "kakeibo.theme";

interface ThemeContextValue {
  choice: ThemeChoice;
  resolved: "light" | "dark";
  setChoice: (choice: ThemeChoice) => void;
}

const ThemeContext = createContext<ThemeContextValue | null>(null);

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

function systemDark(): boolean {
  return typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: dark)").matches;
}

export function ThemeProvider({ children }: { children: React.ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>("system");
  const [dark, setDark] = useState(false);

  useEffect(() => {
    // Read once on mount (storage is not there during the static render).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setChoiceState(readChoice());
    setDark(systemDark());
    const media = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => setDark(media.matches);
    media.addEventListener("change", onChange);
    const onStorage = (e: StorageEvent) => {
      if (e.key === KEY) setChoiceState(readChoice());
    };
    addEventListener("storage", onStorage);
    return () => {
      media.removeEventListener("change", onChange);
      removeEventListener("storage", onStorage);
    };
  }, []);

  const resolved: "light" | "dark" = choice === "system" ? (dark ? "dark" : "light") : choice;

  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle("dark", resolved === "dark");
    root.classList.toggle("light", resolved === "light");
  }, [resolved]);

  const setChoice = useCallback((next: ThemeChoice) => {
    setChoiceState(next);
    try {
      if (next === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo(() => ({ choice, resolved, setChoice }), [choice, resolved, setChoice]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeContextValue {
  const ctx = useContext(ThemeContext);
  if (!ctx) throw new Error("useTheme outside ThemeProvider");
  return ctx;
}
