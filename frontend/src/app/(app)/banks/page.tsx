import type { Metadata } from "next";
import { PagePlaceholder } from "@/components/shell/page-placeholder";

export const metadata: Metadata = { title: "Banks" };

export default function Page() {
  return <PagePlaceholder page="banks" />;
}
