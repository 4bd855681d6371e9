/**
 * Settings → E-mail summaries: the recent e-mail and Telegram deliveries, a page at a time
 * (`GET /api/v1/notifications/deliveries`, newest first, keyset cursor). Components never fetch.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { keys } from "@/api/keys";
import type { Schemas } from "@/api/types";

export type DeliveryRecord = Schemas["DeliveryRecord"];
export type DeliveryPage = Schemas["DeliveryPage"];

/** A short first page: the section sits under the schedule form; "Show more" adds pages. */
export const DELIVERIES_PAGE = 10;

export function useDeliveries() {
  return useInfiniteQuery({
    queryKey: keys.emailDeliveries,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }): Promise<DeliveryPage> =>
      unwrap(
        await api.GET("/api/v1/notifications/deliveries", {
          params: { query: { before: pageParam ?? undefined, limit: DELIVERIES_PAGE } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

/** How a delivery stands, as the dashboard words it. */
export type DeliveryState = "sent" | "retrying" | "waiting" | "sending" | "not-sent" | "failed";

export function deliveryState(d: DeliveryRecord): DeliveryState {
  switch (d.status) {
    case "sent":
      return "sent";
    case "failed":
      return "failed";
    case "suppressed":
      return "not-sent";
    case "sending":
      return "sending";
    default:
      // Pending: after a failed attempt it is a retry; before any, it waits its turn
      // (quiet hours, the daily digest, or the next release tick).
      return d.attempts > 0 || d.last_error ? "retrying" : "waiting";
  }
}

/** Why a delivery did not go out, in plain words: a key of the dictionary's `reasons`. */
export type DeliveryReason =
  | "unverified"
  | "noChat"
  | "noBot"
  | "emptyWeek"
  | "inDoubt"
  | "gaveUp"
  | "refused"
  | "unreachable"
  | "rateLimited"
  | "other";

/**
 * The server's `last_error` is for operators (the mail server's own answer, say); this
 * sorts it into a reason a person understands. The original stays one click away.
 */
export function deliveryReason(error: string): DeliveryReason {
  const e = error.toLowerCase();
  if (e.includes("not verified")) return "unverified";
  if (e.includes("no linked chat")) return "noChat";
  if (e.includes("no chat transport") || e.includes("bot_token")) return "noBot";
  if (e.includes("empty week")) return "emptyWeek";
  if (e.includes("in doubt")) return "inDoubt";
  if (e.startsWith("gave up after")) return "gaveUp";
  if (e.includes("rate limited")) return "rateLimited";
  // SMTP's permanent answers are 5xx ("550 5.1.1 no such user").
  if (/\b5\d\d\b/.test(e) || e.includes("permanent")) return "refused";
  if (/\b4\d\d\b/.test(e) || /timed? ?out|connect|refused|unreachable|dns|temporar/.test(e)) return "unreachable";
  return "other";
}

/** The number of attempts a "gave up after N attempts: …" error names (0 when none). */
export function gaveUpAttempts(error: string): number {
  return Number(/gave up after (\d+) attempts/i.exec(error)?.[1] ?? 0);
}
