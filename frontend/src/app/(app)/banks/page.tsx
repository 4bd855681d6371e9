import type { Metadata } from "next";
import { BanksPage } from "@/features/banks/banks-page";

export const metadata: Metadata = { title: "Banks" };

export default function Page() {
  return <BanksPage />;
}
