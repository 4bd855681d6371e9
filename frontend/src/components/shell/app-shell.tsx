"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { Menu } from "lucide-react";
import { useSession } from "@/api/account";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";
import { AskPanel } from "./ask-panel";
import { LanguageSwitch } from "./language-switch";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Signed-out visitors go to /login?next=<here>; a session that ended says so there. */
function useRequireSession() {
  const { status, ended } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (status !== "signed-out") return;
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
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = usePathname();

  useEffect(() => {
    // A link in the mobile menu was followed.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setMenuOpen(false);
  }, [pathname]);

  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2"
      >
        {t.common.skipToContent}
      </a>
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col gap-6 border-r bg-sidebar px-3 py-4 lg:flex">
        <Link href="/" className="rounded-md px-2" aria-label={t.nav.overview}>
          <Logo />
        </Link>
        <NavLinks />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur sm:px-4 lg:px-8">
          <Sheet open={menuOpen} onOpenChange={setMenuOpen}>
            <SheetTrigger asChild>
              <Button variant="ghost" size="icon" className="lg:hidden" aria-label={t.nav.openMenu}>
                <Menu aria-hidden="true" />
              </Button>
            </SheetTrigger>
            <SheetContent side="left" closeLabel={t.common.close} className="max-w-64 px-3" aria-describedby={undefined}>
              <SheetTitle className="px-2">
                <Logo />
              </SheetTitle>
              <NavLinks onNavigate={() => setMenuOpen(false)} />
            </SheetContent>
          </Sheet>
          <Link href="/" className="rounded-md lg:hidden" aria-label={t.nav.overview}>
            <Logo className="[&>span:last-child]:hidden sm:[&>span:last-child]:inline" />
          </Link>
          <div className="ml-auto flex items-center gap-1">
            <AskPanel />
            <LanguageSwitch />
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        <main id="main" className="flex-1 px-4 py-6 sm:px-6 lg:px-8">
          {status === "signed-in" ? children : <ShellLoading />}
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
