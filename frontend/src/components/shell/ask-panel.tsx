"use client";

import { MessageCircleQuestion, Sparkles } from "lucide-react";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/lib/i18n";

/** "Ask": the chat panel's place on every page. The engine arrives with its own issue. */
export function AskPanel() {
  const { t } = useI18n();
  return (
    <Sheet>
      <SheetTrigger asChild>
        <Button variant="outline" size="sm" data-testid="ask-button">
          <MessageCircleQuestion aria-hidden="true" />
          {t.ask.button}
        </Button>
      </SheetTrigger>
      <SheetContent side="right" closeLabel={t.common.close} aria-describedby="ask-description">
        <SheetTitle className="flex items-center gap-2 pr-8">
          <Sparkles className="size-5 text-primary" aria-hidden="true" />
          {t.ask.title}
        </SheetTitle>
        <SheetDescription id="ask-description">{t.ask.coming}</SheetDescription>
      </SheetContent>
    </Sheet>
  );
}
