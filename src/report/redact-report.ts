// Every renderer passes the report through here first: secrets never reach
// any output format, whatever a probe or the trace put in the report.
import { redactDeep } from "../util/redact.js";
import type { Report } from "./schema.js";

export function redactReport(report: Report): Report {
  return redactDeep(report);
}
