// --ndjson: one JSON object per line while the run goes on; the last line is
// the report itself (validated like --json).
import { redactReport } from "./redact-report.js";
import { ReportSchema, type Report } from "./schema.js";

export { renderNdjsonEvent } from "./ndjson-event.js";

/** The final line (with its newline). Throws when the report breaks the contract. */
export function renderNdjsonReport(report: Report): string {
  return `${JSON.stringify(ReportSchema.parse(redactReport(report)))}\n`;
}
