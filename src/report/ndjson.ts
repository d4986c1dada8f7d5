// --ndjson: one JSON object per line while the run goes on; the last line is
// the report itself (validated like --json).
import { redactDeep } from "../util/redact.js";
import { redactReport } from "./redact-report.js";
import { ReportSchema, type NdjsonEvent, type Report } from "./schema.js";

/** One live line (no trailing newline). Not validated: it must never stop a run. */
export function renderNdjsonEvent(event: NdjsonEvent): string {
  return JSON.stringify(redactDeep(event));
}

/** The final line (with its newline). Throws when the report breaks the contract. */
export function renderNdjsonReport(report: Report): string {
  return `${JSON.stringify(ReportSchema.parse(redactReport(report)))}\n`;
}
