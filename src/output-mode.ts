// The output mode from raw flags, without loading the option schemas (zod):
// the CLI needs it before anything else, even for --version errors.
import { ToolError } from "./util/errors.js";

export type OutputMode = "human" | "json" | "ndjson";

/** --json and --ndjson exclude each other. */
export function outputMode(flags: { json?: boolean; ndjson?: boolean }): OutputMode {
  if (flags.json && flags.ndjson) throw new ToolError("usage", "--json and --ndjson cannot be used together");
  return flags.json ? "json" : flags.ndjson ? "ndjson" : "human";
}
