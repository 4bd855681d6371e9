/** The ask API's shapes, named from the generated OpenAPI types. */
import type { components } from "@/api/schema";

type Schemas = components["schemas"];

export type Answer = Schemas["Answer"];
export type AnswerData = Schemas["AnswerData"];
export type AnswerTable = Schemas["Table"];
export type AnswerChart = Schemas["Chart"];
export type ToolUse = Schemas["ToolUse"];
export type Conversation = Schemas["Conversation"];
export type ConversationPage = Schemas["ConversationPage"];
export type StoredTurn = Schemas["Turn"];
/**
 * `GET /ask/conversations/{id}`. The server flattens `Conversation` (whose `turns` is a
 * count) beside `turns: Turn[]`, so the generated type asks for both at once; the JSON's
 * last `turns`, the list, is what a parser keeps.
 */
export type ConversationDetail = Omit<Schemas["ConversationDetail"], "turns"> & { turns: StoredTurn[] };
