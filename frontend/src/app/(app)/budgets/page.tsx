import type { Metadata } from "next";
import { Suspense } from "react";
import { ShellLoading } from "@/components/shell/app-shell";
import { BudgetsPage } from "@/features/budgets/budgets-page";

export const metadata: Metadata = { title: "Budgets" };

export default function Page() {
  // The query string (which budget, which period) is read in the browser.
  return (
    <Suspense fallback={<ShellLoading />}>
      <BudgetsPage />
    </Suspense>
  );
}
