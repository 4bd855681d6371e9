/** Names for the API's shapes, all taken from the generated OpenAPI types. */
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type TokenResponse = Schemas["TokenResponse"];
export type Account = Schemas["Account"];
export type ProviderInfo = Schemas["ProviderInfo"];
export type Category = Schemas["Category"];
export type Transaction = Schemas["Transaction"];
export type Summary = Schemas["Summary"];
export type SummaryBudget = Schemas["SummaryBudget"];
export type CategoryLine = Schemas["CategoryLine"];
export type CashFlowPeriod = Schemas["CashFlowPeriod"];
export type NetWorthPoint = Schemas["NetWorthPoint"];
export type StoredSeries = Schemas["StoredSeries"];
export type StoredAnomaly = Schemas["StoredAnomaly"];
export type Insight = Schemas["Insight"];

export type TransactionQuery = NonNullable<paths["/api/v1/transactions"]["get"]["parameters"]["query"]>;
