/**
 * The rule editor's form: its values (flat strings, as inputs hold them), its checks (the
 * server's, so most mistakes show before sending), and the way to and from the API's shape.
 */
import { z } from "zod";
import type { Dictionary } from "@/lib/i18n/en";
import type { Direction, NewRule, Rule, TextOp, Trigger } from "./data";

export const TRIGGER_TYPES = ["merchant", "description", "amount", "account", "direction"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
export const TEXT_OPS: TextOp[] = ["contains", "equals", "regex"];

const AMOUNT = /^\d+(?:[.,]\d{1,4})?$/;

export function ruleSchema(t: Dictionary) {
  const v = t.validation;
  const r = t.rulesPage;
  const trigger = z
    .object({
      type: z.enum(TRIGGER_TYPES),
      op: z.enum(["contains", "equals", "regex"]),
      value: z.string(),
      min: z.string(),
      max: z.string(),
      account_id: z.string(),
      direction: z.enum(["in", "out"]),
    })
    .superRefine((x, ctx) => {
      if (x.type === "merchant" || x.type === "description") {
        const text = x.value.trim();
        if (!text) ctx.addIssue({ code: "custom", path: ["value"], message: v.required });
        else if (text.length > 200) ctx.addIssue({ code: "custom", path: ["value"], message: v.max(200) });
        else if (x.op === "regex") {
          try {
            new RegExp(text);
          } catch {
            ctx.addIssue({ code: "custom", path: ["value"], message: r.badRegex });
          }
        }
      }
      if (x.type === "amount") {
        const min = x.min.trim();
        const max = x.max.trim();
        if (!min && !max) ctx.addIssue({ code: "custom", path: ["min"], message: r.amountNeedsEnd });
        if (min && !AMOUNT.test(min)) ctx.addIssue({ code: "custom", path: ["min"], message: r.amountFormat });
        if (max && !AMOUNT.test(max)) ctx.addIssue({ code: "custom", path: ["max"], message: r.amountFormat });
        if (min && max && AMOUNT.test(min) && AMOUNT.test(max) && toDecimal(min) > toDecimal(max))
          ctx.addIssue({ code: "custom", path: ["max"], message: r.amountOrder });
      }
      if (x.type === "account" && !x.account_id) ctx.addIssue({ code: "custom", path: ["account_id"], message: v.required });
    });
  return z.object({
    name: z.string().trim().min(1, v.required).max(100, v.max(100)),
    triggers: z.array(trigger).min(1, r.needTrigger).max(20, r.tooManyTriggers),
    category_id: z.string(),
    mark_transfer: z.boolean(),
    merchant: z.string().trim().max(200, v.max(200)),
    tags: z
      .string()
      .refine((s) => splitTags(s).length <= 20, r.tooManyTags)
      .refine((s) => splitTags(s).every((tag) => tag.length <= 50), v.max(50)),
    enabled: z.boolean(),
    stop_processing: z.boolean(),
  });
}

export type RuleValues = z.infer<ReturnType<typeof ruleSchema>>;
export type TriggerValues = RuleValues["triggers"][number];

export function splitTags(s: string): string[] {
  return [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))];
}

function toDecimal(s: string): number {
  return Number.parseFloat(s.replace(",", "."));
}

export function blankTrigger(type: TriggerType = "merchant"): TriggerValues {
  return { type, op: "contains", value: "", min: "", max: "", account_id: "", direction: "out" };
}

export function blankRule(): RuleValues {
  return {
    name: "",
    triggers: [blankTrigger()],
    category_id: "",
    mark_transfer: false,
    merchant: "",
    tags: "",
    enabled: true,
    stop_processing: false,
  };
}

export function hasAction(v: RuleValues): boolean {
  return !!v.category_id || v.mark_transfer || !!v.merchant.trim() || splitTags(v.tags).length > 0;
}

export function fromRule(rule: Rule): RuleValues {
  return {
    name: rule.name,
    triggers: rule.triggers.map((tr): TriggerValues => {
      const base = blankTrigger(tr.type);
      switch (tr.type) {
        case "merchant":
        case "description":
          return { ...base, op: tr.op, value: tr.value };
        case "amount":
          return { ...base, min: plain(tr.min), max: plain(tr.max) };
        case "account":
          return { ...base, account_id: tr.account_id };
        case "direction":
          return { ...base, direction: tr.direction };
      }
    }),
    category_id: rule.actions.category_id ?? "",
    mark_transfer: rule.actions.mark_transfer ?? false,
    merchant: rule.actions.merchant ?? "",
    tags: (rule.actions.add_tags ?? []).join(", "),
    enabled: rule.enabled,
    stop_processing: rule.stop_processing,
  };
}

/** "12.5000" → "12.5": the API's decimals, as a person writes them. */
function plain(amount: string | null | undefined): string {
  if (amount == null) return "";
  return amount.includes(".") ? amount.replace(/\.?0+$/, "") : amount;
}

export function toNewRule(v: RuleValues): NewRule {
  const triggers = v.triggers.map((x): Trigger => {
    switch (x.type) {
      case "merchant":
      case "description":
        return { type: x.type, op: x.op, value: x.value.trim() };
      case "amount":
        return {
          type: "amount",
          min: x.min.trim() ? x.min.trim().replace(",", ".") : null,
          max: x.max.trim() ? x.max.trim().replace(",", ".") : null,
        };
      case "account":
        return { type: "account", account_id: x.account_id };
      case "direction":
        return { type: "direction", direction: x.direction as Direction };
    }
  });
  return {
    name: v.name.trim(),
    triggers,
    actions: {
      category_id: v.mark_transfer ? null : v.category_id || null,
      mark_transfer: v.mark_transfer,
      merchant: v.merchant.trim() || null,
      add_tags: splitTags(v.tags),
    },
    enabled: v.enabled,
    stop_processing: v.stop_processing,
  };
}

/**
 * The server names fields its way (`triggers[0].value`, `actions.merchant`); these are the
 * form's names for them, so each 422 message lands beside its field.
 */
export function formField(server: string): string {
  const m = /^triggers\[(\d+)\](?:\.(\w+))?$/.exec(server);
  if (m) return `triggers.${m[1]}.${m[2] ?? "value"}`;
  if (server === "triggers") return "root.triggers";
  if (server === "actions") return "root.actions";
  if (server === "actions.mark_transfer") return "mark_transfer";
  if (server === "actions.merchant") return "merchant";
  if (server === "actions.category_id") return "category_id";
  if (server.startsWith("actions.add_tags")) return "tags";
  return server;
}
