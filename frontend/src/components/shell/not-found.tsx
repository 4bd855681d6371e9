"use client";

import Link from "next/link";
import { useI18n } from "@/lib/i18n";
import { buttonVariants } from "@/components/ui/button";
import { Logo } from "./logo";
import { DocumentTitle } from "./document-title";

export function NotFound() {
  const { t } = useI18n();
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <DocumentTitle title={t.common.notFoundTitle} />
      <Logo />
      <p className="text-5xl font-semibold text-muted-foreground tabular">404</p>
      <h1 className="text-xl font-semibold">{t.common.notFoundTitle}</h1>
      <p className="text-muted-foreground">{t.common.notFoundText}</p>
      <Link href="/" className={buttonVariants()}>
        {t.common.backHome}
      </Link>
    </main>
  );
}
