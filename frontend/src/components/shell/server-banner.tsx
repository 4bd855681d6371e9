"use client";

import { useEffect } from "react";
import { WifiOff } from "lucide-react";
import { reportReachable, serverReachable } from "@/api/reachability";
import { useStore } from "@/lib/store";
import { useI18n } from "@/lib/i18n";

/** While the server is unreachable: a banner, and a light probe that notices its return. */
export function ServerBanner() {
  const reachable = useStore(serverReachable, true);
  const { t } = useI18n();

  useEffect(() => {
    if (reachable) return;
    const timer = setInterval(async () => {
      try {
        const res = await fetch("/health", { cache: "no-store" });
        if (res.ok) reportReachable();
      } catch {
        // Still down.
      }
    }, 5_000);
    return () => clearInterval(timer);
  }, [reachable]);

  return (
    <div role="status" aria-live="polite" className="contents">
      {!reachable && (
        <div className="sticky top-0 z-50 flex items-center justify-center gap-2 bg-warning px-4 py-2 text-sm font-medium text-black">
          <WifiOff className="size-4" aria-hidden="true" />
          {t.common.offline}
        </div>
      )}
    </div>
  );
}
