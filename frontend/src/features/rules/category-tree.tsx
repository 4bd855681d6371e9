"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { CornerDownRight, Pencil, Plus, Trash2 } from "lucide-react";
import { ApiError } from "@/api/errors";
import type { Category } from "@/api/types";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { FormError } from "@/features/auth/form-error";
import { showServerErrors } from "@/lib/forms";
import { useI18n } from "@/lib/i18n";
import type { Dictionary } from "@/lib/i18n/en";
import { useReturnFocus } from "@/lib/use-return-focus";
import { cn } from "@/lib/utils";
import { CategoryOptions, KINDS } from "./category-options";
import {
  useCategories,
  useCategoryTree,
  useCreateCategory,
  useDeleteCategory,
  useUpdateCategory,
  type CategoryNode,
} from "./data";

type Kind = (typeof KINDS)[number];
type Mode = "add" | "rename" | "move";

/** The server's refusal, in words for the field it belongs to. */
function refusal(e: unknown, t: Dictionary): string | null {
  if (!(e instanceof ApiError)) return null;
  if (e.status === 409) return e.code === "category_exists" ? t.rulesPage.nameTaken : e.message;
  if (e.status === 404) return t.rulesPage.categoryGone;
  return null;
}

/**
 * The categories as a tree, by kind: add a top-level one or a subcategory, rename, move
 * under another parent (of the same kind), delete. What the server refuses shows beside
 * the field that caused it.
 */
export function CategoryTree() {
  const { t } = useI18n();
  const r = t.rulesPage;
  const categories = useCategories();
  const tree = useCategoryTree(categories.data);
  const [open, setOpen] = useState<{ id: string; mode: Mode } | null>(null);
  const [deleting, setDeleting] = useState<CategoryNode | null>(null);
  const focus = useReturnFocus(categoriesPanel);
  const askDelete = (node: CategoryNode) => {
    focus.remember();
    setDeleting(node);
  };
  const restoreFocus = (id: string, mode: Mode | "delete") => {
    requestAnimationFrame(() => document.getElementById(`cat-${id}-${mode}`)?.focus());
  };

  return (
    <div className="grid min-w-0 grid-cols-1 gap-6">
      <NewTopCategory />
      {categories.isPending ? (
        <div className="grid gap-2" aria-busy="true">
          <span className="sr-only">{t.common.loading}</span>
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : categories.isError ? (
        <FormError error={categories.error} />
      ) : (
        <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-2">
          {[["expense"], ["income", "transfer"]].map((column) => (
            <div key={column.join()} className="grid min-w-0 grid-cols-1 gap-6">
              {(column as Kind[]).map((kind) => {
                const roots = tree.roots.filter((n) => n.category.kind === kind);
                return (
                  <Card key={kind} aria-labelledby={`kind-${kind}`} data-testid={`kind-${kind}`}>
                    <CardHeader>
                      <CardTitle id={`kind-${kind}`} className="flex items-center gap-2">
                        {r.kindsPlural[kind]}
                        <Badge variant="outline">{r.kinds[kind]}</Badge>
                      </CardTitle>
                      <span className="text-sm text-muted-foreground">
                        {r.categoryCount(tree.flat.filter((n) => n.category.kind === kind).length)}
                      </span>
                    </CardHeader>
                    <CardContent>
                      {roots.length === 0 ? (
                        <p className="py-4 text-sm text-muted-foreground">{r.noCategories}</p>
                      ) : (
                        <CategoryList
                          nodes={roots}
                          flat={tree.flat}
                          open={open}
                          setOpen={(next, from) => {
                            setOpen(next);
                            if (!next && from) restoreFocus(from.id, from.mode);
                          }}
                          onDelete={askDelete}
                        />
                      )}
                    </CardContent>
                  </Card>
                );
              })}
            </div>
          ))}
        </div>
      )}
      <DeleteCategoryDialog node={deleting} onClose={() => setDeleting(null)} onCloseAutoFocus={focus.onCloseAutoFocus} />
    </div>
  );
}

function CategoryList({
  nodes,
  flat,
  open,
  setOpen,
  onDelete,
}: {
  nodes: CategoryNode[];
  flat: CategoryNode[];
  open: { id: string; mode: Mode } | null;
  setOpen: (next: { id: string; mode: Mode } | null, from?: { id: string; mode: Mode }) => void;
  onDelete: (node: CategoryNode) => void;
}) {
  return (
    <ul className="grid grid-cols-1 gap-0.5">
      {nodes.map((node) => (
        <CategoryItem key={node.category.id} node={node} flat={flat} open={open} setOpen={setOpen} onDelete={onDelete} />
      ))}
    </ul>
  );
}

function CategoryItem({
  node,
  flat,
  open,
  setOpen,
  onDelete,
}: {
  node: CategoryNode;
  flat: CategoryNode[];
  open: { id: string; mode: Mode } | null;
  setOpen: (next: { id: string; mode: Mode } | null, from?: { id: string; mode: Mode }) => void;
  onDelete: (node: CategoryNode) => void;
}) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const c = node.category;
  const mode = open?.id === c.id ? open.mode : null;
  const close = () => setOpen(null, mode ? { id: c.id, mode } : undefined);
  const toggle = (m: Mode) => (mode === m ? close() : setOpen({ id: c.id, mode: m }));
  return (
    <li data-testid="category" data-category-id={c.id} data-category-name={c.name}>
      <div
        className="group flex items-center gap-2 rounded-md py-1 pr-1 hover:bg-accent/50"
        style={{ paddingLeft: `${node.depth * 1.25 + 0.5}rem` }}
      >
        {node.depth > 0 && <CornerDownRight className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />}
        <span className={node.depth === 0 ? "min-w-0 flex-1 font-medium break-words" : "min-w-0 flex-1 text-sm break-words"}>{c.name}</span>
        {/* With a mouse the buttons show on the row pointed at (or focused); on touch, always. */}
        <div
          className={cn(
            "flex shrink-0 items-center transition-opacity pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100 pointer-fine:group-focus-within:opacity-100",
            mode && "pointer-fine:opacity-100",
          )}
        >
          <RowButton id={`cat-${c.id}-add`} label={r.addChild(c.name)} title={r.addChildShort} pressed={mode === "add"} onClick={() => toggle("add")}>
            <Plus aria-hidden="true" />
          </RowButton>
          <RowButton id={`cat-${c.id}-rename`} label={r.renameItem(c.name)} title={r.rename} pressed={mode === "rename"} onClick={() => toggle("rename")}>
            <Pencil aria-hidden="true" />
          </RowButton>
          <RowButton id={`cat-${c.id}-move`} label={r.moveItem(c.name)} title={r.move} pressed={mode === "move"} onClick={() => toggle("move")}>
            <CornerDownRight aria-hidden="true" />
          </RowButton>
          <RowButton id={`cat-${c.id}-delete`} label={r.deleteCategoryItem(c.name)} title={r.delete} destructive onClick={() => onDelete(node)}>
            <Trash2 aria-hidden="true" />
          </RowButton>
        </div>
      </div>
      {mode && (
        <div className="my-1 rounded-md border bg-muted/40 p-3" style={{ marginLeft: `${node.depth * 1.25 + 0.5}rem` }}>
          {mode === "add" && <AddChildForm parent={c} onDone={close} />}
          {mode === "rename" && <RenameForm category={c} onDone={close} />}
          {mode === "move" && <MoveForm node={node} flat={flat} onDone={close} />}
        </div>
      )}
      {node.children.length > 0 && (
        <CategoryList nodes={node.children} flat={flat} open={open} setOpen={setOpen} onDelete={onDelete} />
      )}
    </li>
  );
}

function RowButton({
  id,
  label,
  title,
  pressed,
  destructive,
  onClick,
  children,
}: {
  id: string;
  label: string;
  title: string;
  pressed?: boolean;
  destructive?: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <Button
      id={id}
      variant="ghost"
      size="icon"
      className={destructive ? "size-8 text-destructive hover:text-destructive" : "size-8 text-muted-foreground hover:text-foreground"}
      aria-label={label}
      aria-expanded={pressed === undefined ? undefined : pressed}
      title={title}
      onClick={onClick}
    >
      {children}
    </Button>
  );
}

function nameSchema(t: Dictionary) {
  return z.object({ name: z.string().trim().min(1, t.validation.required).max(60, t.validation.max(60)) });
}

/** One name field: its own checks, then the server's (a 409 names the field too). */
function NameForm({
  label,
  formLabel,
  initial,
  submit,
  onSubmit,
  onCancel,
  extra,
}: {
  label: string;
  /** The form's name, when the field's label is not enough to tell it apart. */
  formLabel?: string;
  initial: string;
  submit: string;
  onSubmit: (name: string) => Promise<unknown>;
  onCancel?: () => void;
  extra?: React.ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const schema = useMemo(() => nameSchema(t), [t]);
  const form = useForm<{ name: string }>({ resolver: zodResolver(schema), defaultValues: { name: initial } });
  const [failure, setFailure] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { errors, isSubmitting } = form.formState;
  const run = form.handleSubmit(async ({ name }) => {
    setFailure(null);
    setMessage(null);
    try {
      await onSubmit(name.trim());
      form.reset({ name: onCancel ? name : "" });
    } catch (e) {
      const words = refusal(e, t);
      if (words) {
        form.setError("name", { type: "server", message: words }, { shouldFocus: true });
        return;
      }
      const rest = showServerErrors(e, form.setError, ["name"]);
      if (rest.length) setMessage(rest.join(" "));
      else if (!(e instanceof ApiError && e.status === 422)) setFailure(e);
    }
  });
  return (
    <form noValidate onSubmit={(e) => void run(e)} className="grid gap-3" aria-label={formLabel ?? label}>
      <FormError error={failure} message={message} />
      <div className="flex flex-wrap items-start gap-2">
        <Field
          id={`${id}-name`}
          label={label}
          autoComplete="off"
          autoFocus={!!onCancel}
          className="min-w-48 flex-1"
          error={errors.name?.message}
          onKeyDown={(e) => {
            if (e.key === "Escape" && onCancel) {
              e.preventDefault();
              onCancel();
            }
          }}
          {...form.register("name")}
        />
        {extra}
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={isSubmitting}>
          {submit}
        </Button>
        {onCancel && (
          <Button size="sm" variant="ghost" onClick={onCancel}>
            {t.common.cancel}
          </Button>
        )}
      </div>
    </form>
  );
}

function NewTopCategory() {
  const { t } = useI18n();
  const r = t.rulesPage;
  const create = useCreateCategory();
  const [kind, setKind] = useState<Kind>("expense");
  const [added, setAdded] = useState<string | null>(null);
  return (
    <Card aria-labelledby="new-category-title">
      <CardHeader>
        <CardTitle id="new-category-title">{r.newCategory}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        <NameForm
          label={r.categoryName}
          formLabel={r.newCategory}
          initial=""
          submit={r.addCategory}
          onSubmit={async (name) => {
            setAdded(null);
            await create.mutateAsync({ name, kind, parent_id: null });
            setAdded(name);
          }}
          extra={
            <div className="grid gap-1.5">
              <Label htmlFor="new-category-kind">{r.kind}</Label>
              <NativeSelect id="new-category-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} className="w-40">
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {r.kinds[k]}
                  </option>
                ))}
              </NativeSelect>
            </div>
          }
        />
        {added && (
          <p role="status" className="text-sm text-positive">
            {r.categoryAdded(added)}
          </p>
        )}
      </CardContent>
    </Card>
  );
}

function AddChildForm({ parent, onDone }: { parent: Category; onDone: () => void }) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const create = useCreateCategory();
  return (
    <NameForm
      label={r.childName(parent.name)}
      initial=""
      submit={r.addCategory}
      onSubmit={async (name) => {
        await create.mutateAsync({ name, parent_id: parent.id });
        onDone();
      }}
      onCancel={onDone}
    />
  );
}

function RenameForm({ category, onDone }: { category: Category; onDone: () => void }) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const update = useUpdateCategory();
  return (
    <NameForm
      label={r.newName}
      initial={category.name}
      submit={r.save}
      onSubmit={async (name) => {
        if (name !== category.name) await update.mutateAsync({ id: category.id, body: { name } });
        onDone();
      }}
      onCancel={onDone}
    />
  );
}

/** Under another category of the same kind (never under itself or below it), or to the top. */
function MoveForm({ node, flat, onDone }: { node: CategoryNode; flat: CategoryNode[]; onDone: () => void }) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const update = useUpdateCategory();
  const c = node.category;
  const [parent, setParent] = useState(c.parent_id ?? "");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  const below = useMemo(() => {
    const ids = new Set<string>();
    const walk = (n: CategoryNode) => {
      ids.add(n.category.id);
      n.children.forEach(walk);
    };
    walk(node);
    return ids;
  }, [node]);
  const id = `move-${c.id}`;
  return (
    <form
      noValidate
      aria-label={r.moveItem(c.name)}
      className="grid gap-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setFailure(null);
        if (parent === (c.parent_id ?? "")) return onDone();
        try {
          await update.mutateAsync({ id: c.id, body: { parent_id: parent || null } });
          onDone();
        } catch (err) {
          const words = refusal(err, t);
          if (words) setError(words);
          else if (err instanceof ApiError && err.status === 422) setError(err.fields[0]?.message ?? err.message);
          else setFailure(err);
          select.current?.focus();
        }
      }}
    >
      <FormError error={failure} />
      <div className="grid gap-1.5">
        <Label htmlFor={id}>{r.newParent}</Label>
        <NativeSelect
          id={id}
          ref={select}
          value={parent}
          onChange={(e) => setParent(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              onDone();
            }
          }}
        >
          <option value="">{r.topLevel}</option>
          <CategoryOptions flat={flat} exclude={(n) => n.category.kind !== c.kind || below.has(n.category.id)} />
        </NativeSelect>
        {error ? (
          <p id={`${id}-error`} className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : (
          <p id={`${id}-hint`} className="text-xs text-muted-foreground">
            {r.moveHint(r.kinds[c.kind as Kind] ?? c.kind)}
          </p>
        )}
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={update.isPending}>
          {r.move}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t.common.cancel}
        </Button>
      </div>
    </form>
  );
}

/** After a delete the row is gone: focus goes to the categories' panel. */
function categoriesPanel() {
  return document.getElementById("panel-categories");
}

function DeleteCategoryDialog({
  node,
  onClose,
  onCloseAutoFocus,
}: {
  node: CategoryNode | null;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  const { t } = useI18n();
  const r = t.rulesPage;
  const remove = useDeleteCategory();
  const words =
    remove.error instanceof ApiError && remove.error.status === 409 ? r.deleteConflict : refusal(remove.error, t);
  return (
    <Dialog
      open={!!node}
      onOpenChange={(open) => {
        if (!open) {
          remove.reset();
          onClose();
        }
      }}
    >
      <DialogContent role="alertdialog" aria-describedby="delete-category-text" onCloseAutoFocus={onCloseAutoFocus}>
        <DialogTitle>{r.deleteCategoryTitle(node?.category.name ?? "")}</DialogTitle>
        <DialogDescription id="delete-category-text">
          {node && node.children.length > 0 ? r.deleteCategoryWithChildren(node.children.length) : r.deleteCategoryText}
        </DialogDescription>
        {remove.isError && (
          <Alert variant="destructive" role="alert">
            {words ?? (remove.error instanceof ApiError ? remove.error.message : t.common.error)}
          </Alert>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">{t.common.cancel}</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => node && remove.mutate(node.category.id, { onSuccess: () => onClose() })}
          >
            {r.delete}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
