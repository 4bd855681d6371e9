"use client";

import { useEffect, useState } from "react";
import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { makeQueryClient } from "@/api/query-client";
import { restoreSession, session } from "@/api/session";
import { useMe, useSetLocale } from "@/api/account";
import { ThemeProvider } from "@/lib/theme";
import { I18nProvider, type Lang } from "@/lib/i18n";
import { ServerBanner } from "@/components/shell/server-banner";

/** Tries one refresh on load, and drops every cached answer when the session ends. */
function SessionBoot() {
  const qc = useQueryClient();
  useEffect(() => {
    void restoreSession();
    return session.subscribe(() => {
      if (session.get().status === "signed-out") qc.clear();
    });
  }, [qc]);
  return null;
}

function Localized({ children }: { children: React.ReactNode }) {
  const me = useMe();
  const setLocale = useSetLocale();
  const user = me.data ?? null;
  const onChangeLocale = (lang: Lang) => {
    if (user) setLocale.mutate(lang);
  };
  return (
    <I18nProvider user={user} onChangeLocale={onChangeLocale}>
      {children}
    </I18nProvider>
  );
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionBoot />
      <ThemeProvider>
        <Localized>
          <ServerBanner />
          {children}
        </Localized>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
