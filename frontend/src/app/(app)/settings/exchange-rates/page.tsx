import type { Metadata } from "next";
import { ExchangeRatesSection } from "@/features/settings/exchange-rates-section";

export const metadata: Metadata = { title: "Exchange rates · Settings" };

export default function Page() {
  return <ExchangeRatesSection />;
}
