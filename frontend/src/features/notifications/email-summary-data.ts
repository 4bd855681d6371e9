/**
 * Settings → E-mail summary: the weekly summary's schedule (part of the notification
 * preferences) and a preview of this week's summary. Components never fetch.
 */
import { useQuery } from "@tanstack/react-query";
import { authFetch } from "@/api/client";
import { keys } from "@/api/keys";
import type { Schemas } from "@/api/types";

export type WeeklySummary = Schemas["WeeklySummary"];
export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Day = (typeof DAYS)[number];

/** The preview as the dashboard shows it: `null` when this server has no preview endpoint. */
export type EmailPreview = { subject: string | null; html: string } | null;

/**
 * This week's summary as it would be e-mailed (`GET /api/v1/notifications/email/preview`):
 * HTML with its images as data: URIs, or JSON `{subject, html, text}`. A server without the
 * endpoint (404) answers `null`, and the section hides the preview.
 */
export function useEmailPreview(enabled: boolean) {
  return useQuery({
    queryKey: keys.emailPreview,
    enabled,
    retry: false,
    queryFn: async (): Promise<EmailPreview> => {
      const response = await authFetch(new Request("/api/v1/notifications/email/preview"));
      if (response.status === 404 || response.status === 405) return null;
      if (!response.ok) throw new Error(`preview: ${response.status}`);
      const type = response.headers.get("content-type") ?? "";
      if (type.includes("application/json")) {
        const body = (await response.json()) as { subject?: string; html?: string };
        return body.html ? { subject: body.subject ?? null, html: body.html } : null;
      }
      return { subject: null, html: await response.text() };
    },
  });
}
