"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme, type ThemeChoice } from "@/lib/theme";
import { useI18n } from "@/lib/i18n";
import { Button } from "@/components/ui/button";

const order: ThemeChoice[] = ["system", "light", "dark"];

/** One button cycling system → light → dark; its label says the current choice. */
export function ThemeToggle() {
  const { choice, setChoice } = useTheme();
  const { t } = useI18n();
  const Icon = choice === "dark" ? Moon : choice === "light" ? Sun : Monitor;
  const next = order[(order.indexOf(choice) + 1) % order.length] ?? "system";
  const name = t.theme[choice];
  return (
    <Button
      variant="ghost"
      size="icon"
      onClick={() => setChoice(next)}
      aria-label={t.theme.switchTo(name)}
      title={t.theme.switchTo(name)}
      data-testid="theme-toggle"
    >
      <Icon aria-hidden="true" />
    </Button>
  );
}
