import type { Metadata } from "next";
import { EmailSummarySection } from "@/features/notifications/email-summary-section";

export const metadata: Metadata = { title: "E-mail summaries · Settings" };

export default function Page() {
  return <EmailSummarySection />;
}
