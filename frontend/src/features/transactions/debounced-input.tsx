"use client";

import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";

/** A text box that tells its value after a pause in typing (and at once on Enter or blur). */
export function DebouncedInput({
  value,
  onCommit,
  delay = 400,
  ...props
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  value: string;
  onCommit: (value: string) => void;
  delay?: number;
}) {
  const [local, setLocal] = useState(value);
  const committed = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The address changed under us (Back, a cleared filter): show its value.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setLocal(value);
    }
  }, [value]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const commit = (v: string) => {
    if (timer.current) clearTimeout(timer.current);
    if (v === committed.current) return;
    committed.current = v;
    onCommit(v);
  };
  return (
    <Input
      {...props}
      value={local}
      onChange={(e) => {
        const v = e.target.value;
        setLocal(v);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(v), delay);
      }}
      onBlur={() => commit(local)}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit(local);
      }}
    />
  );
}
