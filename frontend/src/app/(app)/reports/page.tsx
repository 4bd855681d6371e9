import type { Metadata } from "next";
import { Reports } from "@/features/reports/reports";

export const metadata: Metadata = { title: "Reports" };

export default function Page() {
  return <Reports />;
}
