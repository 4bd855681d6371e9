"use client";

import { useId, useState } from "react";
import { BarChart3, Table2 } from "lucide-react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";
import { useI18n } from "@/lib/i18n";
import { useInView } from "@/lib/use-in-view";
import { ChartSkeleton } from "./chart-skeleton";

/**
 * A card holding one chart and its table view, with a toggle between them. The table
 * carries the same numbers, for screen readers and for reading exact values.
 */
export function ChartFrame({
  title,
  description,
  chart,
  table,
  action,
  className,
  testId,
}: {
  title: string;
  description?: React.ReactNode;
  chart: React.ReactNode;
  table: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<"chart" | "table">("chart");
  const titleId = useId();
  // The chart's code (recharts) loads when the card comes near the screen.
  const { ref, seen } = useInView<HTMLDivElement>();
  return (
    <Card className={cn("flex flex-col", className)} aria-labelledby={titleId} data-testid={testId}>
      <CardHeader>
        <div className="grid gap-1">
          <CardTitle id={titleId}>{title}</CardTitle>
          {description && <div className="text-sm text-muted-foreground">{description}</div>}
        </div>
        <div className="flex items-center gap-2">
          {action}
          <div role="group" aria-label={t.common.showAs} className="flex rounded-md border p-0.5">
            <ToggleButton pressed={view === "chart"} onClick={() => setView("chart")} label={t.common.chart}>
              <BarChart3 aria-hidden="true" />
            </ToggleButton>
            <ToggleButton pressed={view === "table"} onClick={() => setView("table")} label={t.common.table}>
              <Table2 aria-hidden="true" />
            </ToggleButton>
          </div>
        </div>
      </CardHeader>
      <CardContent className="flex-1">
        <div ref={ref}>{view === "table" ? table : seen ? chart : <ChartSkeleton />}</div>
      </CardContent>
    </Card>
  );
}

function ToggleButton({
  pressed,
  onClick,
  label,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      aria-label={label}
      title={label}
      onClick={onClick}
      className={cn(
        "inline-flex size-7 items-center justify-center rounded-sm text-muted-foreground transition-colors [&_svg]:size-4",
        pressed ? "bg-secondary text-foreground" : "hover:text-foreground",
      )}
    >
      {children}
    </button>
  );
}

/**
 * The table view's frame: scrolls sideways on narrow screens (and by keyboard: it takes
 * focus). `columns` are the header row's labels, the first one the rows' own header.
 */
export function ChartTable({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: React.ReactNode[];
  children: React.ReactNode;
}) {
  return (
    <div className="max-h-80 overflow-auto rounded-md border" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-sm tabular">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((label, i) => (
              <th key={i} scope="col" className={th}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

/** What a chart or its table says when there is nothing to show. */
export function ChartEmpty({ children }: { children: React.ReactNode }) {
  return <p className="py-10 text-center text-sm text-muted-foreground">{children}</p>;
}

const th = "sticky top-0 bg-muted px-3 py-2 text-left font-medium first:pl-3 [&:not(:first-child)]:text-right";
export const td = "border-t px-3 py-1.5 [&:not(:first-child)]:text-right";
