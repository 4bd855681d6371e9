"use client";

import { useEffect, useRef, useState } from "react";
import { ArrowDown, ArrowUp, GripVertical, Pencil, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { useI18n } from "@/lib/i18n";
import { useReturnFocus } from "@/lib/use-return-focus";
import { cn } from "@/lib/utils";
import { useDeleteRule, useMoveRule, type Rule } from "./data";
import { RuleSummary } from "./rule-summary";

/**
 * The rules in the order they run. Reordered by dragging a row, or with the move up/down
 * buttons (the keyboard's way): either sends the rule's new `position`.
 */
export function RuleList({ rules, onEdit }: { rules: Rule[]; onEdit: (rule: Rule) => void }) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const move = useMoveRule();
  const [announce, setAnnounce] = useState("");
  const [failed, setFailed] = useState(false);
  const [dragId, setDragId] = useState<string | null>(null);
  /** Where a dragged row would land: before the row at this index (rules.length: at the end). */
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [focusAfter, setFocusAfter] = useState<{ id: string; dir: "up" | "down" } | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const focus = useReturnFocus(newRuleFallback);

  // After a move the row is elsewhere in the list: focus follows it.
  useEffect(() => {
    if (!focusAfter) return;
    const index = rules.findIndex((x) => x.id === focusAfter.id);
    if (index < 0) return;
    const atEdge = focusAfter.dir === "up" ? index === 0 : index === rules.length - 1;
    const dir = atEdge ? (focusAfter.dir === "up" ? "down" : "up") : focusAfter.dir;
    buttons.current.get(`${focusAfter.id}:${dir}`)?.focus();
  }, [rules, focusAfter]);

  const moveTo = (rule: Rule, to: number, dir?: "up" | "down") => {
    const from = rules.findIndex((x) => x.id === rule.id);
    if (from < 0 || to === from || to < 0 || to >= rules.length) return;
    setFailed(false);
    if (dir) setFocusAfter({ id: rule.id, dir });
    move.mutate(
      { id: rule.id, to },
      {
        onSuccess: () => setAnnounce(r.moved(rule.name, to + 1, rules.length)),
        onError: () => setFailed(true),
      },
    );
  };

  const onDrop = () => {
    const rule = rules.find((x) => x.id === dragId);
    if (rule && dropAt !== null) {
      const from = rules.indexOf(rule);
      moveTo(rule, dropAt > from ? dropAt - 1 : dropAt);
    }
    setDragId(null);
    setDropAt(null);
  };

  return (
    <>
      <p role="status" aria-live="polite" className="sr-only" data-testid="rules-announce">
        {announce}
      </p>
      {failed && (
        <Alert variant="destructive" role="alert" className="mb-3">
          {r.moveFailed}
        </Alert>
      )}
      <ol className="grid gap-2" aria-label={r.order} data-testid="rule-list">
        {rules.map((rule, index) => (
          <li
            key={rule.id}
            data-testid="rule"
            data-rule-id={rule.id}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", rule.id);
              setDragId(rule.id);
            }}
            onDragEnd={() => {
              setDragId(null);
              setDropAt(null);
            }}
            onDragOver={(e) => {
              if (!dragId) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = "move";
              const box = e.currentTarget.getBoundingClientRect();
              setDropAt(e.clientY < box.top + box.height / 2 ? index : index + 1);
            }}
            onDrop={(e) => {
              e.preventDefault();
              onDrop();
            }}
            className={cn(
              "relative flex flex-wrap items-start gap-2 rounded-xl border bg-card p-3 shadow-xs sm:flex-nowrap sm:items-center sm:gap-3",
              dragId === rule.id && "opacity-50",
            )}
          >
            {dropAt === index && dragId && <DropLine edge="top" />}
            {dropAt === index + 1 && index === rules.length - 1 && dragId && <DropLine edge="bottom" />}
            <GripVertical
              className="mt-1 size-4 shrink-0 cursor-grab text-muted-foreground sm:mt-0"
              aria-hidden="true"
              data-testid="drag-handle"
            />
            <span className="mt-0.5 w-6 shrink-0 text-right text-sm text-muted-foreground tabular sm:mt-0" aria-hidden="true">
              {index + 1}
            </span>
            <div className="min-w-0 flex-1 basis-[calc(100%-4rem)] sm:basis-auto">
              <div className="flex flex-wrap items-center gap-2">
                <p className="font-medium break-words" data-testid="rule-name">
                  <span className="sr-only">{r.positionOf(index + 1, rules.length)} </span>
                  {rule.name}
                </p>
                {!rule.enabled && <Badge variant="secondary">{r.inactive}</Badge>}
                {rule.stop_processing && <Badge variant="outline">{r.stops}</Badge>}
              </div>
              <RuleSummary rule={rule} />
            </div>
            <div className="-mb-1 flex w-full shrink-0 items-center justify-end gap-1 sm:mb-0 sm:w-auto">
              <Button
                variant="ghost"
                size="icon"
                className="size-8"
                aria-label={r.moveUp(rule.name)}
                title={r.moveUpShort}
                disabled={index === 0}
                ref={(el) => {
                  if (el) buttons.current.set(`${rule.id}:up`, el);
                  else buttons.current.delete(`${rule.id}:up`);
                }}
                onClick={() => moveTo(rule, index - 1, "up")}
              >
                <ArrowUp aria-hidden="true" />
              </Button>
              <Button
                variant="ghost"
                size="icon"
                className="size-8"
                aria-label={r.moveDown(rule.name)}
                title={r.moveDownShort}
                disabled={index === rules.length - 1}
                ref={(el) => {
                  if (el) buttons.current.set(`${rule.id}:down`, el);
                  else buttons.current.delete(`${rule.id}:down`);
                }}
                onClick={() => moveTo(rule, index + 1, "down")}
              >
                <ArrowDown aria-hidden="true" />
              </Button>
              <Button variant="ghost" size="icon" className="size-8" aria-label={r.editItem(rule.name)} title={r.edit} onClick={() => onEdit(rule)}>
                <Pencil aria-hidden="true" />
              </Button>
              <Button
                variant="ghost"
                size="icon"
                className="size-8 text-destructive hover:text-destructive"
                aria-label={r.deleteItem(rule.name)}
                title={r.delete}
                onClick={() => {
                  focus.remember();
                  setDeleting(rule);
                }}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <DeleteRuleDialog rule={deleting} onClose={() => setDeleting(null)} onCloseAutoFocus={focus.onCloseAutoFocus} />
    </>
  );
}

function DropLine({ edge }: { edge: "top" | "bottom" }) {
  return (
    <span
      aria-hidden="true"
      className={cn("absolute inset-x-2 h-0.5 rounded-full bg-primary", edge === "top" ? "-top-1.5" : "-bottom-1.5")}
    />
  );
}

/** After a delete the row is gone: focus goes to "New rule". */
function newRuleFallback() {
  return document.getElementById("new-rule");
}

function DeleteRuleDialog({
  rule,
  onClose,
  onCloseAutoFocus,
}: {
  rule: Rule | null;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const remove = useDeleteRule();
  return (
    <Dialog
      open={!!rule}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset();
          onClose();
        }
      }}
    >
      <DialogContent role="alertdialog" aria-describedby="delete-rule-text" onCloseAutoFocus={onCloseAutoFocus}>
        <DialogTitle>{r.deleteTitle(rule?.name ?? "")}</DialogTitle>
        <DialogDescription id="delete-rule-text">{r.deleteText}</DialogDescription>
        {remove.isError && (
          <Alert variant="destructive" role="alert">
            {t.common.error}
          </Alert>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">{t.common.cancel}</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => rule && remove.mutate(rule.id, { onSuccess: () => onClose() })}
          >
            {r.delete}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
