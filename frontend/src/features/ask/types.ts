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
export type ConversationDetail = Schemas["ConversationDetail"];
