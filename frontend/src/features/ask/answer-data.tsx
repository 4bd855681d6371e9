"use client";

import { useMemo } from "react";
import dynamic from "next/dynamic";
import { ChartFrame, ChartTable, td } from "@/components/charts/chart-frame";
import { ChartSkeleton } from "@/components/charts/chart-skeleton";
import { useI18n } from "@/lib/i18n";
import { cn } from "@/lib/utils";
import { showChart, showTable, type ShownTable } from "./present";
import type { AnswerData, ToolUse } from "./types";

// recharts arrives only with the first answer that has a chart.
const AnswerGraph = dynamic(() => import("./answer-graph"), { ssr: false, loading: () => <ChartSkeleton height={220} /> });

/** The table behind an answer, and its chart (with the table as its other view) when it has one. */
export function AnswerFigures({ data, tools }: { data: AnswerData; tools: ToolUse[] }) {
  const { t, locale, timeZone } = useI18n();
  const a = t.ask;
  const table = useMemo(
    () => (data.table && data.table.rows.length > 0 ? showTable(data.table, tools, a, locale, timeZone) : null),
    [data.table, tools, a, locale, timeZone],
  );
  const chart = useMemo(
    () => (data.table && data.chart ? showChart(data.table, data.chart, tools, a, locale, timeZone) : null),
    [data.table, data.chart, tools, a, locale, timeZone],
  );
  if (!table) return null;
  const tableView = <FiguresTable table={table} caption={a.figures} />;
  if (!chart) return <div data-testid="ask-table">{tableView}</div>;
  return (
    <ChartFrame
      title={chart.title}
      testId="ask-chart"
      className="shadow-none [&>div:first-child]:p-3 [&>div:first-child]:pb-2 [&>div:last-child]:p-3 [&>div:last-child]:pt-0 [&_h2]:text-sm [&_h2]:font-medium"
      chart={
        <div role="img" aria-label={chart.title} data-testid="ask-graph">
          <AnswerGraph chart={chart} locale={locale} />
        </div>
      }
      table={<div data-testid="ask-table">{tableView}</div>}
    />
  );
}

function FiguresTable({ table, caption }: { table: ShownTable; caption: string }) {
  return (
    <ChartTable
      caption={caption}
      columns={table.columns.map((c) => (
        <span key={c.key} className={cn("whitespace-nowrap", !c.numeric && "block text-left")}>
          {c.label}
        </span>
      ))}
    >
      <tbody>
        {table.rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) => {
              const column = table.columns[i]!;
              return i === 0 ? (
                <th key={column.key} scope="row" className={cn(td, "text-left font-normal", column.nowrap && "whitespace-nowrap")}>
                  {cell}
                </th>
              ) : (
                <td key={column.key} className={cn(td, column.nowrap && "whitespace-nowrap", !column.numeric && "text-left!")}>
                  {cell}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </ChartTable>
  );
}
