// The only place that writes to stdout/stderr for the CLI (besides progress).
import type { ToolError } from "./util/errors.js";
import type { OutputMode } from "./output-mode.js";
import type { ErrorDocument } from "./report/schema.js";
import { SCHEMA_VERSION } from "./report/schema-version.js";
import { toolVersion } from "./version.js";
import { redactText } from "./util/redact.js";

export function writeToolError(error: ToolError, mode: OutputMode): void {
  const message = redactText(error.message);
  if (mode === "human") {
    process.stderr.write(`gomod-doctor: ${message}\n`);
    return;
  }
  const doc: ErrorDocument = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "gomod-doctor", version: toolVersion() },
    error: { code: error.code, message },
    exitCode: 2,
  };
  // Under --ndjson every line has the live lines' envelope, the error document included.
  const line = mode === "ndjson" ? { type: "error", t: Date.now(), data: doc } : doc;
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Writes and waits for the stream to take it, so piped JSON is never cut off. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === "") return resolve();
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`, () => resolve());
  });
}
