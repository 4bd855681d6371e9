import type { Metadata } from "next";
import { PagePlaceholder } from "@/components/shell/page-placeholder";

export const metadata: Metadata = { title: "Rules" };

export default function Page() {
  return <PagePlaceholder page="rules" />;
}
