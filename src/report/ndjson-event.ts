// --ndjson's live lines: one JSON object per event while the run goes on.
// Apart from the report's line (ndjson.ts) so that watching a run does not
// load the report schema before the go command starts.
import { redactDeep } from "../util/redact.js";
import type { NdjsonEvent } from "./schema.js";

/** One live line (no trailing newline). Not validated: it must never stop a run. */
export function renderNdjsonEvent(event: NdjsonEvent): string {
  return JSON.stringify(redactDeep(event));
}
