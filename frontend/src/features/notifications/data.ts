/**
 * Notifications: the bell's unread count and in-app feed, marking read, and the
 * preferences, through the typed client. Components never fetch.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Schemas } from "@/api/types";

export type FeedItem = Schemas["FeedItem"];
export type NotificationPage = Schemas["NotificationPage"];
export type Preferences = Schemas["Preferences"];
export type PreferencesUpdate = Schemas["PreferencesUpdate"];
export type MarkedRead = Schemas["MarkedRead"];
export type LinkStatus = Schemas["LinkStatus"];
export type LinkCode = Schemas["LinkCode"];

/** The kinds and channels the server knows, in the order the settings table shows them. */
export const KINDS = [
  "budget_threshold",
  "large_transaction",
  "uncategorized_transaction",
  "low_balance",
  "connection_failing",
  "new_subscription",
  "price_increase",
  "missed_payment",
  "anomaly",
  "goal_reached",
  "weekly_summary",
  "export_ready",
] as const;
export type Kind = (typeof KINDS)[number];
export const CHANNELS = ["in_app", "email", "telegram"] as const;
export type Channel = (typeof CHANNELS)[number];

/** A page of the feed in the bell's panel. */
export const FEED_PAGE = 20;
/** How often the unread count is asked for while the tab is visible. */
const POLL_MS = 60_000;

/**
 * The unread count for the bell: every minute while the tab is visible (TanStack Query
 * pauses the interval in a hidden tab) and whenever the window regains focus.
 */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: keys.notificationsUnread,
    enabled,
    queryFn: async (): Promise<number> =>
      unwrap(await api.GET("/api/v1/notifications", { params: { query: { limit: 1 } } })).unread,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
}

/** The in-app feed, newest first, a page at a time (the server's keyset cursor). */
export function useFeed(enabled: boolean) {
  const qc = useQueryClient();
  return useInfiniteQuery({
    queryKey: keys.notificationsFeed,
    enabled,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }): Promise<NotificationPage> => {
      const page = unwrap(
        await api.GET("/api/v1/notifications", {
          params: { query: { before: pageParam ?? undefined, limit: FEED_PAGE } },
        }),
      );
      qc.setQueryData(keys.notificationsUnread, page.unread);
      return page;
    },
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

type Feed = InfiniteData<NotificationPage, string | null>;

/** Marks some notifications read (or all): the feed shows it at once, the count follows. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (target: { ids: string[] } | { all: true }): Promise<MarkedRead> =>
      unwrap(await api.POST("/api/v1/notifications/read", { body: target })),
    onMutate: async (target) => {
      await qc.cancelQueries({ queryKey: keys.notificationsFeed });
      const now = new Date().toISOString();
      const hit = (id: string) => ("all" in target ? true : target.ids.includes(id));
      qc.setQueryData<Feed>(keys.notificationsFeed, (old) =>
        old
          ? {
              ...old,
              pages: old.pages.map((p) => ({
                ...p,
                notifications: p.notifications.map((n) => (n.read_at == null && hit(n.id) ? { ...n, read_at: now } : n)),
              })),
            }
          : old,
      );
    },
    onSuccess: (result) => qc.setQueryData(keys.notificationsUnread, result.unread),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.notificationsUnread }),
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: keys.notificationPreferences,
    queryFn: async (): Promise<Preferences> => unwrap(await api.GET("/api/v1/notifications/preferences")),
  });
}

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: PreferencesUpdate): Promise<Preferences> =>
      unwrap(await api.PUT("/api/v1/notifications/preferences", { body })),
    onSuccess: (prefs) => qc.setQueryData(keys.notificationPreferences, prefs),
  });
}

/** Whether a Telegram chat is linked; asked every few seconds while a code waits to be used. */
export function useTelegramLink(waiting: boolean) {
  return useQuery({
    queryKey: keys.telegramLink,
    queryFn: async (): Promise<LinkStatus> => unwrap(await api.GET("/api/v1/telegram/link")),
    refetchInterval: waiting ? 3_000 : false,
  });
}

/** A one-time link code (409: the server has no bot configured). */
export function useCreateLinkCode() {
  return useMutation({
    mutationFn: async (): Promise<LinkCode> => unwrap(await api.POST("/api/v1/telegram/link-code")),
  });
}

export function useUnlinkTelegram() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.DELETE("/api/v1/telegram/link"));
    },
    onSuccess: () => qc.setQueryData<LinkStatus>(keys.telegramLink, { linked: false, chat: null }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.telegramLink }),
  });
}
