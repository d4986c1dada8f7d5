// What the real-log and pasted-log batch tests share: `analyze` of one file of
// fixtures/logs (in-process, no probes), the findings for go errors as the
// trace parser hands them over, and short views of a finding.
import { fileURLToPath } from "node:url";
import { runAnalyze } from "../../../src/commands/analyze.js";
import { diagnoseEvidence } from "../../../src/rules/diagnose.js";
import type { Finding } from "../../../src/report/schema.js";
import type { GoErrorState } from "../../../src/stall/types.js";
import { evidence, trace } from "./base.js";

export const LOGS = fileURLToPath(new URL("../../../fixtures/logs/", import.meta.url));
const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };

/** The findings `analyze` gives for fixtures/logs/FILE. */
export async function analyze(file: string): Promise<Finding[]> {
  const report = await runAnalyze({ output, file: `${LOGS}${file}`, dir: LOGS, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false });
  return report.findings;
}

/**
 * The findings for an analyzed log whose trace holds `errors` and, pending, the
 * `modules` of go's module list; `over` replaces whole evidence fields (ctx, probes, os, trace…).
 */
export function diagnose(errors: GoErrorState[], over: Partial<Parameters<typeof evidence>[0]> = {}, modules: { path: string; version: string }[] = []): Finding[] {
  const pending = modules.map((m) => ({ ...m, state: "pending" as const, bytes: 0 }));
  return diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors, modules: pending }), ...over }));
}

export const names = (fs: Finding[]): string[] => fs.map((f) => f.name);
export const codes = (fs: Finding[]): string[] => fs.map((f) => f.code);
export const commands = (f: Finding): string => f.fixes.flatMap((x) => x.commands).join("\n");
export const summaries = (f: Finding): string => f.fixes.map((x) => x.summary).join("\n");
/** Every fix's summary, commands and caution: what a reader of the fixes sees. */
export const fixText = (f: Finding): string => f.fixes.map((x) => `${x.summary}\n${x.commands.join("\n")}\n${x.caution ?? ""}`).join("\n");
