"use client";

import { AlertCircle } from "lucide-react";
import { ApiError, isUnreachable } from "@/api/errors";
import { Alert } from "@/components/ui/alert";
import { useI18n } from "@/lib/i18n";

/** A form's message above its fields: server down, rate limited, or what the page says. */
export function FormError({ error, message }: { error?: unknown; message?: string | null }) {
  const { t } = useI18n();
  let text = message ?? null;
  if (!text && error) {
    if (isUnreachable(error)) text = t.common.offlineForm;
    else if (error instanceof ApiError && error.status === 429)
      text = t.common.tooMany(error.retryAfterSecs ?? 60);
    else if (error instanceof ApiError && error.status < 500) text = error.message;
    else text = t.common.error;
  }
  if (!text) return null;
  return (
    <Alert variant="destructive" role="alert" className="flex gap-2">
      <AlertCircle className="mt-0.5 shrink-0" aria-hidden="true" />
      <span>{text}</span>
    </Alert>
  );
}

export function FormSuccess({ children }: { children: React.ReactNode }) {
  return (
    <Alert variant="success" role="status">
      {children}
    </Alert>
  );
}
