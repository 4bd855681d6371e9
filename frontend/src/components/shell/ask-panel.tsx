"use client";

import { useEffect, useState } from "react";
import dynamic from "next/dynamic";
import { MessageCircleQuestion, Sparkles } from "lucide-react";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useI18n } from "@/lib/i18n";

// The chat (its stream reader, tables and "how I got this") loads when the panel opens, or
// a moment before: when the pointer or focus reaches the button.
const loadChat = () => import("@/features/ask/chat");
const preload = () => void loadChat().catch(() => undefined);
const AskChat = dynamic(() => loadChat().then((m) => m.AskChat), {
  ssr: false,
  loading: () => (
    <div className="grid gap-3 px-4 sm:px-6" aria-busy="true">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-24" />
    </div>
  ),
});

const DIALOG = '[role="dialog"], [role="alertdialog"]';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** "Ask": the chat panel on every page, from the header's button, `/` or Ctrl+K (⌘K). */
export function AskPanel() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey;
      const k = e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
      if (!slash && !k) return;
      // Another dialog is open, or "/" is being typed in a field: not for us.
      if (document.querySelector(DIALOG) || (slash && isTyping(e.target))) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          data-testid="ask-button"
          aria-keyshortcuts="/ Control+K"
          title={t.ask.shortcut}
          onPointerEnter={preload}
          onFocus={preload}
        >
          <MessageCircleQuestion aria-hidden="true" />
          {t.ask.button}
        </Button>
      </SheetTrigger>
      <SheetContent side="right" closeLabel={t.common.close} className="max-w-xl px-0" data-testid="ask-panel">
        <div className="grid gap-1 px-4 pr-12 sm:px-6 sm:pr-12">
          <SheetTitle className="flex items-center gap-2">
            <Sparkles className="size-5 text-primary" aria-hidden="true" />
            {t.ask.title}
          </SheetTitle>
          <SheetDescription>{t.ask.intro}</SheetDescription>
        </div>
        <AskChat />
      </SheetContent>
    </Sheet>
  );
}
