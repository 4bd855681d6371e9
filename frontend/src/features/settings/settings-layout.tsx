"use client";

import { useEffect, useRef } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  Bell,
  Coins,
  KeyRound,
  Mail,
  MessageCircle,
  MonitorSmartphone,
  ScrollText,
  ShieldCheck,
  ShieldHalf,
  UserRound,
  type LucideIcon,
} from "lucide-react";
import { useI18n } from "@/lib/i18n";
import type { Dictionary } from "@/lib/i18n/en";
import { cn } from "@/lib/utils";

type SectionKey = keyof Dictionary["settingsPage"]["nav"];

/** Each section is a page of its own: a reload (or a shared link) opens the same one. */
export const settingsSections: { href: string; key: Exclude<SectionKey, "label">; icon: LucideIcon }[] = [
  { href: "/settings", key: "profile", icon: UserRound },
  { href: "/settings/security", key: "security", icon: ShieldCheck },
  { href: "/settings/sessions", key: "sessions", icon: MonitorSmartphone },
  { href: "/settings/tokens", key: "tokens", icon: KeyRound },
  { href: "/settings/audit-log", key: "auditLog", icon: ScrollText },
  { href: "/settings/exchange-rates", key: "exchangeRates", icon: Coins },
  { href: "/settings/notifications", key: "notifications", icon: Bell },
  { href: "/settings/telegram", key: "telegram", icon: MessageCircle },
  { href: "/settings/email-summaries", key: "emailSummaries", icon: Mail },
  { href: "/settings/privacy", key: "privacy", icon: ShieldHalf },
];

export function SettingsLayout({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  const s = t.settingsPage;
  const pathname = usePathname().replace(/\/$/, "") || "/settings";
  const nav = useRef<HTMLElement>(null);
  // On narrow screens the sections scroll sideways: keep the open one in sight.
  useEffect(() => {
    const list = nav.current;
    const active = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!list || !active || list.scrollWidth <= list.clientWidth) return;
    list.scrollLeft = Math.max(0, active.offsetLeft - (list.clientWidth - active.offsetWidth) / 2);
  }, [pathname]);
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">{s.title}</h1>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-8">
        <nav
          ref={nav}
          aria-label={s.nav.label}
          className="-mx-4 min-w-0 overflow-x-auto px-4 sm:-mx-6 sm:px-6 lg:mx-0 lg:overflow-visible lg:px-0"
        >
          <ul className="flex gap-1 pb-1 lg:sticky lg:top-20 lg:grid lg:gap-0.5 lg:pb-0">
            {settingsSections.map(({ href, key, icon: Icon }) => {
              const active = pathname === href;
              return (
                <li key={href} className="shrink-0">
                  <Link
                    href={href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
                      active
                        ? "bg-accent text-accent-foreground"
                        : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
                    )}
                  >
                    <Icon className="size-4 shrink-0" aria-hidden="true" />
                    {s.nav[key]}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="grid min-w-0 content-start gap-6">{children}</div>
      </div>
    </div>
  );
}
