"use client";

import { Languages } from "lucide-react";
import { useI18n, type Lang } from "@/lib/i18n";

const langs: Lang[] = ["en", "de"];

/** A native select: accessible as it is, and no menu code to load. */
export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="relative flex items-center">
      <Languages className="pointer-events-none absolute left-2 size-4 text-muted-foreground" aria-hidden="true" />
      <select
        aria-label={t.language.label}
        value={lang}
        onChange={(e) => setLang(e.target.value as Lang)}
        className="h-8 cursor-pointer appearance-none rounded-md border border-transparent bg-transparent pr-2 pl-7 text-sm font-medium hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
        data-testid="language-switch"
      >
        {langs.map((l) => (
          <option key={l} value={l} lang={l}>
            {t.language[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
