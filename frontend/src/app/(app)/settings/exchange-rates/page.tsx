import type { Metadata } from "next";
import { ExchangeRatesSection } from "@/features/settings/info-sections";

export const metadata: Metadata = { title: "Exchange rates · Settings" };

export default function Page() {
  return <ExchangeRatesSection />;
}
