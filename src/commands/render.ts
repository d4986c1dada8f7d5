// Renders a finished report in the chosen output mode, plus GitHub Actions
// annotations and step summary when running there. Returns the exit code.
import { appendFile } from "node:fs/promises";
import { Chalk } from "chalk";
import type { OutputOptions } from "../options.js";
import type { Report } from "../report/schema.js";
import { renderHuman } from "../report/human.js";
import { renderJson } from "../report/json.js";
import { renderNdjsonReport } from "../report/ndjson.js";
import { renderGithubAnnotations, renderStepSummary } from "../report/github.js";
import { writeOut } from "../output.js";

export async function renderReport(report: Report, output: OutputOptions): Promise<number> {
  if (output.mode === "json") await writeOut(renderJson(report));
  else if (output.mode === "ndjson") await writeOut(renderNdjsonReport(report));
  else await writeOut(renderHuman(report, { color: output.color, verbose: output.verbose }));

  if (output.githubActions) {
    const annotations = renderGithubAnnotations(report);
    // Workflow commands are read from stdout; in JSON modes stdout is the document's alone.
    if (annotations && output.mode === "human") await writeOut(annotations);
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await appendFile(summaryFile, `${renderStepSummary(report)}\n`).catch(() => undefined);
  }
  return report.exitCode;
}

export function chalkFor(color: boolean): InstanceType<typeof Chalk> {
  return new Chalk({ level: color ? 1 : 0 });
}
