"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { useSession } from "@/api/account";
import { safeNext } from "@/lib/utils";

/** On the log-in and sign-up pages: someone already signed in goes on to `next`. */
export function useSignedInRedirect() {
  const { status } = useSession();
  const router = useRouter();
  useEffect(() => {
    if (status === "signed-in") {
      router.replace(safeNext(new URLSearchParams(location.search).get("next")));
    }
  }, [status, router]);
}
