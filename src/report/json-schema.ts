// The JSON Schema of the report, generated from the zod contract; the
// committed schema/report.schema.json is checked against it by a test.
import { z } from "zod/mini";
import { ReportSchema } from "./schema.js";

export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ReportSchema, { target: "draft-2020-12" }),
    title: "gomod-doctor report",
  };
}

/** The file content of schema/report.schema.json. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
