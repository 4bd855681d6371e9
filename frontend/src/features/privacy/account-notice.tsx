"use client";

import { CheckCircle2, Info, X } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { useI18n } from "@/lib/i18n";
import { formatDateTime } from "@/lib/relative-time";
import { useStore } from "@/lib/store";
import { accountNotice } from "./data";

/** On the login page: the account was just deleted, and until when logging in cancels. */
export function DeletedNotice() {
  const { t, locale, timeZone } = useI18n();
  const notice = useStore(accountNotice);
  if (notice?.kind !== "deleted") return null;
  const x = t.privacyPage;
  return (
    <Alert variant="warning" role="status" className="flex gap-2" data-testid="account-deleted-notice">
      <Info className="mt-0.5 shrink-0" aria-hidden="true" />
      <span>{notice.erased ? x.erased : x.scheduled(formatDateTime(notice.eraseAfter, locale, timeZone))}</span>
    </Alert>
  );
}

/** In the app, after the login that cancelled a pending deletion; stays until dismissed. */
export function DeletionCancelledNotice() {
  const { t } = useI18n();
  const notice = useStore(accountNotice);
  if (notice?.kind !== "deletion-cancelled") return null;
  const x = t.privacyPage;
  return (
    <Alert variant="success" role="status" className="mb-6 flex items-start gap-2" data-testid="deletion-cancelled-notice">
      <CheckCircle2 className="mt-0.5 shrink-0" aria-hidden="true" />
      <span className="flex-1">{x.cancelled}</span>
      <button
        type="button"
        onClick={() => accountNotice.set(null)}
        aria-label={x.dismiss}
        className="-my-1 rounded-md p-1 text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
      >
        <X className="size-4" aria-hidden="true" />
      </button>
    </Alert>
  );
}
