// Reads --ndjson output as a consumer would: every line is JSON with a `type`;
// all but the last are live lines (NdjsonEventSchema), the last is
// `{"type":"report","data":REPORT}` (NdjsonFinalLineSchema).
import { expect } from "vitest";
import { NdjsonEventSchema, NdjsonFinalLineSchema, type NdjsonEvent, type Report } from "../../src/report/schema.js";

export function parseNdjson(stdout: string): { events: NdjsonEvent[]; report: Report } {
  const lines = stdout.trimEnd().split("\n");
  expect(lines.length).toBeGreaterThanOrEqual(1);
  const parsed = lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  });
  const events = parsed.slice(0, -1).map((value, i) => {
    const r = NdjsonEventSchema.safeParse(value);
    if (!r.success) throw new Error(`line ${i + 1} is not an NdjsonEvent: ${lines[i]!.slice(0, 200)}`);
    return r.data;
  });
  const last = NdjsonFinalLineSchema.parse(parsed.at(-1));
  if (last.type !== "report") throw new Error(`the last line is an error, not a report: ${lines.at(-1)!.slice(0, 300)}`);
  return { events, report: last.data };
}
