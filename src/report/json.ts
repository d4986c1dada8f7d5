// --json: exactly one JSON document, validated against the contract first.
import { redactReport } from "./redact-report.js";
import { ReportSchema, type Report } from "./schema.js";

export type JsonReport = Report;

/** Throws when the report does not match ReportSchema: that is a bug, never user input. */
export function renderJson(report: Report): string {
  const checked = ReportSchema.parse(redactReport(report));
  return `${JSON.stringify(checked, null, 2)}\n`;
}
