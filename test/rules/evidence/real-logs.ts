// What the real-log batch tests share: `analyze` of one file of fixtures/logs
// (in-process, no probes) and short views of a finding.
import { fileURLToPath } from "node:url";
import { runAnalyze } from "../../../src/commands/analyze.js";
import type { Finding } from "../../../src/report/schema.js";

export const LOGS = fileURLToPath(new URL("../../../fixtures/logs/", import.meta.url));
const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };

/** The findings `analyze` gives for fixtures/logs/FILE. */
export async function analyze(file: string): Promise<Finding[]> {
  const report = await runAnalyze({ output, file: `${LOGS}${file}`, dir: LOGS, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false });
  return report.findings;
}

export const names = (fs: Finding[]): string[] => fs.map((f) => f.name);
export const commands = (f: Finding): string => f.fixes.flatMap((x) => x.commands).join("\n");
export const summaries = (f: Finding): string => f.fixes.map((x) => x.summary).join("\n");
