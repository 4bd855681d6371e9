import type { Metadata } from "next";
import { TokensSection } from "@/features/settings/tokens-section";

export const metadata: Metadata = { title: "API tokens · Settings" };

export default function Page() {
  return <TokensSection />;
}
