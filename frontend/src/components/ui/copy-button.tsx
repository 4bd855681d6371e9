"use client";

import * as React from "react";
import { Check, Copy } from "lucide-react";
import { Button, type ButtonProps } from "./button";

/** Copies `text` to the clipboard and says so for two seconds. */
export function CopyButton({
  text,
  label,
  doneLabel,
  ...props
}: Omit<ButtonProps, "onClick" | "children"> & { text: string; label: string; doneLabel: string }) {
  const [done, setDone] = React.useState(false);
  React.useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setDone(false), 2_000);
    return () => clearTimeout(timer);
  }, [done]);
  return (
    <Button
      variant="outline"
      size="sm"
      {...props}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(
          () => setDone(true),
          () => setDone(false),
        );
      }}
    >
      {done ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
      <span aria-live="polite">{done ? doneLabel : label}</span>
    </Button>
  );
}
