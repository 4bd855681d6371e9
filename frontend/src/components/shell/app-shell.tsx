"use client";

import { useEffect } from "react";
import dynamic from "next/dynamic";
import { IntentLink as Link } from "@/components/intent-link";
import { useRouter } from "next/navigation";
import { useSession } from "@/api/account";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { DeletionCancelledNotice } from "@/features/privacy/account-notice";
import { LanguageSwitch } from "./language-switch";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";

// The menus and panels (Radix, with its focus and positioning code) load after the page:
// nothing on screen needs them before a click.
const AskPanel = dynamic(() => import("./ask-panel").then((m) => m.AskPanel), {
  ssr: false,
  loading: () => <span className="inline-block h-8 w-16" />,
});
const NotificationBell = dynamic(() => import("./notification-bell").then((m) => m.NotificationBell), {
  ssr: false,
  loading: () => <span className="inline-block size-9" />,
});
const UserMenu = dynamic(() => import("./user-menu").then((m) => m.UserMenu), {
  ssr: false,
  loading: () => <span className="inline-block size-8" />,
});
const MobileNav = dynamic(() => import("./mobile-nav").then((m) => m.MobileNav), {
  ssr: false,
  loading: () => <span className="inline-block size-9 lg:hidden" />,
});

/** Signed-out visitors go to /login?next=<here>; a session that ended says so there. */
function useRequireSession() {
  const { status, ended } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (status !== "signed-out") return;
    if (ended === "logout") {
      router.replace("/login");
      return;
    }
    const here = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (here !== "/") params.set("next", here);
    if (ended === "expired") params.set("reason", "expired");
    const query = params.toString();
    router.replace(query ? `/login?${query}` : "/login");
  }, [status, ended, router]);
  return status;
}

export function AppShell({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  const status = useRequireSession();
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2"
      >
        {t.common.skipToContent}
      </a>
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col gap-6 border-r bg-sidebar px-3 py-4 lg:flex">
        <Link href="/" className="rounded-md px-2" aria-label={`${t.common.appName}, ${t.nav.overview}`}>
          <Logo />
        </Link>
        <NavLinks />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur sm:px-4 lg:px-8">
          <MobileNav />
          <Link href="/" className="rounded-md lg:hidden" aria-label={`${t.common.appName}, ${t.nav.overview}`}>
            <Logo className="[&>span:last-child]:hidden sm:[&>span:last-child]:inline" />
          </Link>
          <div className="ml-auto flex items-center gap-1">
            <AskPanel />
            <NotificationBell />
            <LanguageSwitch />
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        <main id="main" className="flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {status === "signed-in" ? (
            <>
              <DeletionCancelledNotice />
              {children}
            </>
          ) : (
            <ShellLoading />
          )}
        </main>
      </div>
    </div>
  );
}

export function ShellLoading() {
  const { t } = useI18n();
  return (
    <div className="grid gap-6" aria-busy="true">
      <span className="sr-only">{t.common.loading}</span>
      <Skeleton className="h-8 w-48" />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
      <Skeleton className="h-72" />
    </div>
  );
}
