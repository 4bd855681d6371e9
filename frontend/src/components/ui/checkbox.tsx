import * as React from "react";
import { cn } from "@/lib/utils";

/** A native checkbox in the theme's colour. */
export const Checkbox = React.forwardRef<HTMLInputElement, Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">>(
  ({ className, ...props }, ref) => (
    <input
      ref={ref}
      type="checkbox"
      className={cn("size-4 shrink-0 rounded border-input accent-primary disabled:opacity-60", className)}
      {...props}
    />
  ),
);
Checkbox.displayName = "Checkbox";
