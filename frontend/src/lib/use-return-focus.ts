"use client";

import { useCallback, useRef } from "react";

/**
 * Where focus goes when a dialog opened without a Radix trigger closes: back to the element
 * that opened it, or (when that is gone, say the row just deleted) to `fallback`.
 * `remember()` when opening; `onCloseAutoFocus` on the dialog's content.
 */
export function useReturnFocus(fallback?: () => HTMLElement | null) {
  const opener = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, []);
  const onCloseAutoFocus = useCallback(
    (event: Event) => {
      event.preventDefault();
      const target = opener.current?.isConnected ? opener.current : (fallback?.() ?? null);
      target?.focus();
    },
    [fallback],
  );
  return { remember, onCloseAutoFocus };
}
