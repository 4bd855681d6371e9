"use client";

import { useState } from "react";
import { Bell, BellRing, CheckCheck, Inbox, Loader2, Settings2 } from "lucide-react";
import { useSession } from "@/api/account";
import { IntentLink as Link } from "@/components/intent-link";
import { Sheet, SheetClose, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { SectionError } from "@/features/budgets/states";
import { useFeed, useMarkRead, useUnreadCount, type FeedItem } from "@/features/notifications/data";
import { useI18n } from "@/lib/i18n";
import { formatDateTime } from "@/lib/relative-time";
import { cn } from "@/lib/utils";

/** Where a notification leads: the page that shows what it is about. */
const TARGETS: Record<string, string> = {
  budget_threshold: "/budgets",
  goal_reached: "/budgets",
  large_transaction: "/transactions",
  uncategorized_transaction: "/transactions",
  low_balance: "/",
  connection_failing: "/banks",
  new_subscription: "/reports",
  price_increase: "/reports",
  missed_payment: "/reports",
  anomaly: "/reports",
  weekly_summary: "/",
  export_ready: "/settings/privacy",
};

/** The bell in the header: the unread count, and the in-app feed in a side panel. */
export function NotificationBell() {
  const { t } = useI18n();
  const n = t.notifications;
  const [open, setOpen] = useState(false);
  const signedIn = useSession().status === "signed-in";
  const unread = useUnreadCount(signedIn);
  const count = unread.data ?? 0;
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={n.bell(count)} data-testid="notification-bell">
          {count > 0 ? <BellRing aria-hidden="true" /> : <Bell aria-hidden="true" />}
          {count > 0 && (
            <span
              aria-hidden="true"
              data-testid="notification-count"
              className="absolute -top-0.5 -right-0.5 grid h-4 min-w-4 place-items-center rounded-full bg-primary px-1 text-[0.625rem] leading-none font-semibold text-primary-foreground tabular"
            >
              {count > 99 ? "99+" : count}
            </span>
          )}
        </Button>
      </SheetTrigger>
      <SheetContent side="right" closeLabel={t.common.close} className="max-w-md gap-0 px-0 pb-0" data-testid="notification-panel">
        <div className="grid gap-1 border-b px-4 pr-12 pb-4 sm:px-6 sm:pr-12">
          <SheetTitle className="flex items-center gap-2">
            <Bell className="size-5 text-primary" aria-hidden="true" />
            {n.title}
          </SheetTitle>
          <SheetDescription>{n.intro}</SheetDescription>
        </div>
        <Feed open={open} unread={count} />
      </SheetContent>
    </Sheet>
  );
}

function Feed({ open, unread }: { open: boolean; unread: number }) {
  const { t } = useI18n();
  const n = t.notifications;
  const feed = useFeed(open);
  const markRead = useMarkRead();
  const items = feed.data?.pages.flatMap((p) => p.notifications) ?? [];
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b px-4 py-2 sm:px-6">
        <p className="text-sm text-muted-foreground" aria-live="polite" data-testid="notification-unread">
          {n.unreadCount(unread)}
        </p>
        <Button
          variant="ghost"
          size="sm"
          disabled={unread === 0 || markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
          data-testid="mark-all-read"
        >
          <CheckCheck aria-hidden="true" />
          {n.markAllRead}
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {feed.isPending ? (
          <div className="grid gap-3 p-4 sm:px-6" aria-busy="true">
            <span className="sr-only">{t.common.loading}</span>
            <Skeleton className="h-16" />
            <Skeleton className="h-16" />
            <Skeleton className="h-16" />
          </div>
        ) : feed.isError ? (
          <div className="p-4 sm:px-6">
            <SectionError error={feed.error} onRetry={() => void feed.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <div className="grid place-items-center gap-3 px-6 py-16 text-center" data-testid="notification-empty">
            <span className="grid size-14 place-items-center rounded-full bg-primary/10 text-primary">
              <Inbox className="size-7" aria-hidden="true" />
            </span>
            <p className="font-medium">{n.emptyTitle}</p>
            <p className="max-w-xs text-sm text-muted-foreground">{n.emptyText}</p>
          </div>
        ) : (
          <ul className="divide-y" data-testid="notification-list" aria-label={n.title}>
            {items.map((item) => (
              <FeedRow key={item.id} item={item} onRead={(id) => markRead.mutate({ ids: [id] })} />
            ))}
          </ul>
        )}
        {feed.hasNextPage && (
          <div className="p-4 sm:px-6">
            <Button
              variant="outline"
              className="w-full"
              disabled={feed.isFetchingNextPage}
              onClick={() => void feed.fetchNextPage()}
              data-testid="notification-more"
            >
              {feed.isFetchingNextPage && <Loader2 className="animate-spin" aria-hidden="true" />}
              {n.loadMore}
            </Button>
          </div>
        )}
      </div>
      <div className="border-t px-4 py-3 sm:px-6">
        <SheetClose asChild>
          <Link href="/settings/notifications" className="inline-flex items-center gap-2 text-sm font-medium text-primary hover:underline">
            <Settings2 className="size-4" aria-hidden="true" />
            {n.settings}
          </Link>
        </SheetClose>
      </div>
    </>
  );
}

function FeedRow({ item, onRead }: { item: FeedItem; onRead: (id: string) => void }) {
  const { t, locale, timeZone } = useI18n();
  const n = t.notifications;
  const unread = item.read_at == null;
  const target = TARGETS[item.kind];
  const read = () => {
    if (unread) onRead(item.id);
  };
  return (
    <li
      className={cn("relative grid gap-1 py-3 pr-4 pl-7 sm:pr-6", unread && "bg-primary/5")}
      data-testid="notification-item"
      data-unread={unread ? "true" : "false"}
    >
      {unread && <span className="absolute top-[1.15rem] left-3 size-2 rounded-full bg-primary" aria-hidden="true" />}
      <div className="flex items-start justify-between gap-3">
        <p className={cn("text-sm", unread ? "font-semibold" : "font-medium")}>
          {unread && <span className="sr-only">{n.unread}: </span>}
          {target ? (
            <SheetClose asChild>
              <Link href={target} onClick={read} className="hover:underline focus-visible:underline">
                {item.title}
              </Link>
            </SheetClose>
          ) : (
            item.title
          )}
        </p>
        {unread && (
          <button
            type="button"
            className="-my-0.5 inline-flex h-6 shrink-0 items-center rounded-md px-2 text-xs font-medium transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            onClick={read}
            aria-label={`${n.markRead}: ${item.title}`}
            data-testid="notification-mark-read"
          >
            {n.markRead}
          </button>
        )}
      </div>
      {item.body && <p className="text-sm text-muted-foreground">{item.body}</p>}
      <p className="text-xs text-muted-foreground">
        <time dateTime={item.created_at}>{formatDateTime(item.created_at, locale, timeZone)}</time>
        {" · "}
        {n.kinds[item.kind] ?? item.kind}
      </p>
    </li>
  );
}
