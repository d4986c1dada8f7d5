// The terminal report: outcome line, then each finding (badge, title, why,
// evidence, fix commands indented for copy-paste), the probes in verbose
// mode, and what could not be checked.
import { Chalk, type ChalkInstance } from "chalk";
import { formatMs } from "../util/format.js";
import { redactText } from "../util/redact.js";
import { headline } from "./headline.js";
import { redactReport } from "./redact-report.js";
import type { Finding, ProbeResult, Report } from "./schema.js";

export interface HumanOptions {
  color: boolean;
  verbose: boolean;
}

function badge(c: ChalkInstance, f: Finding): string {
  if (f.severity === "blocker") return c.bold.red("✖ BLOCKER");
  if (f.severity === "warning") return c.bold.yellow("▲ WARNING");
  return c.bold.cyan("ℹ INFO");
}

function renderFinding(c: ChalkInstance, f: Finding, index: number): string[] {
  const out = [`${badge(c, f)} ${c.dim(f.code)} ${c.bold(f.title)} ${c.dim(`(confidence ${Math.round(f.confidence * 100)}%)`)}`];
  out.push(`  ${f.why}`);
  if (f.evidence.length > 0) {
    out.push(`  ${c.dim("evidence:")}`);
    for (const e of f.evidence) out.push(`    • ${e}`);
  }
  f.fixes.forEach((fix, i) => {
    out.push(`  ${c.green(f.fixes.length > 1 ? `fix ${i + 1}:` : "fix:")} ${fix.summary}`);
    for (const cmd of fix.commands) out.push(`      ${c.cyan(cmd)}`);
    if (fix.caution) out.push(`    ${c.yellow("caution:")} ${fix.caution}`);
  });
  if (f.explains?.length) out.push(`  ${c.dim(`explains: ${f.explains.join(", ")}`)}`);
  if (index === 0 && f.severity !== "info") out.push(`  ${c.dim(`more: gomod-doctor explain ${f.code}`)}`);
  return out;
}

const STATUS_COLOR = { ok: "green", warn: "yellow", fail: "red", skipped: "gray", error: "magenta" } as const;

function renderProbes(c: ChalkInstance, probes: ProbeResult[]): string[] {
  if (probes.length === 0) return [];
  const width = Math.min(48, Math.max(...probes.map((p) => p.id.length)));
  const out = [c.bold("probes:")];
  for (const p of probes) {
    const status = c[STATUS_COLOR[p.status]](p.status.padEnd(7));
    const detail = p.error ? `${p.error.code}: ${p.error.message}` : p.title;
    out.push(`  ${status} ${p.id.padEnd(width)} ${formatMs(p.ms).padStart(6)}  ${c.dim(detail)}`);
  }
  return out;
}

export function renderHuman(report: Report, options: HumanOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const r = redactReport(report);
  const bad = r.findings.some((f) => f.severity === "blocker") || r.outcome === "failed" || r.outcome === "stalled" || r.outcome === "timeout";
  const mark = r.outcome === "interrupted" ? c.yellow("■") : bad ? c.red("✖") : c.green("✔");
  const out = [`${mark} ${c.bold(headline(r))}`];
  if (r.findings.length > 0) out.push("");
  if (r.shell === "powershell" && r.findings.some((f) => f.fixes.length > 0)) out.push(c.dim("fix commands are for PowerShell: this is about a Windows machine"), "");
  r.findings.forEach((f, i) => {
    out.push(...renderFinding(c, f, i));
    out.push("");
  });
  if (r.findings.length === 0 && (r.outcome === "stalled" || r.outcome === "failed")) out.push("  no finding: run with --verbose to see the probes", "");
  if (options.verbose) {
    const probes = renderProbes(c, r.probes);
    if (probes.length > 0) out.push(...probes, "");
    const settings = Object.entries(r.settings);
    if (settings.length > 0) out.push(c.bold("settings:"), ...settings.map(([k, v]) => `  ${k}=${v}`), "");
  }
  if (r.limits.length > 0) out.push(c.dim("limits:"), ...r.limits.map((l) => c.dim(`  - ${l}`)), "");
  while (out.length > 1 && out[out.length - 1] === "") out.pop();
  return redactText(`${out.join("\n")}\n`);
}
