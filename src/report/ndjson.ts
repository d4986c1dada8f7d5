// --ndjson: one JSON object per line while the run goes on; the last line is
// `{"type":"report","t":…,"data":REPORT}`, the report validated like --json.
import { redactReport } from "./redact-report.js";
import { ReportSchema, type NdjsonFinalLine, type Report } from "./schema.js";

export { renderNdjsonEvent } from "./ndjson-event.js";

/** The final line (with its newline). Throws when the report breaks the contract. */
export function renderNdjsonReport(report: Report, now: number = Date.now()): string {
  const line: NdjsonFinalLine = { type: "report", t: now, data: ReportSchema.parse(redactReport(report)) };
  return `${JSON.stringify(line)}\n`;
}
