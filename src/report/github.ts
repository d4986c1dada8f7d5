// GitHub Actions: workflow-command annotations (one per finding) and a
// Markdown step summary. Escaping follows the workflow-commands rules.
import { redactText } from "../util/redact.js";
import { headline } from "./headline.js";
import { redactReport } from "./redact-report.js";
import type { Finding, Report } from "./schema.js";

const LEVEL: Record<Finding["severity"], string> = { blocker: "error", warning: "warning", info: "notice" };

/** Message data: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values additionally escape `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(f: Finding): string {
  const fix = f.fixes[0];
  const lines = [f.why, ...f.evidence.slice(0, 3).map((e) => `- ${e}`)].map(redactText);
  if (fix) lines.push(redactText(`Fix: ${fix.summary}`), ...fix.commands.map((c) => `  ${redactText(c)}`));
  const title = redactText(`${f.code} ${f.title}`);
  return `::${LEVEL[f.severity]} title=${escapeProperty(title)}::${escapeData(lines.join("\n"))}`;
}

export function renderGithubAnnotations(report: Report): string {
  const safe = redactReport(report);
  if (safe.findings.length === 0) return "";
  return `${safe.findings.map(annotation).join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

const BADGE: Record<Finding["severity"], string> = { blocker: "🛑 blocker", warning: "⚠️ warning", info: "ℹ️ info" };

export function renderStepSummary(report: Report): string {
  const r = redactReport(report);
  const out: string[] = [`## gomod-doctor: ${headline(r)}`, ""];
  if (r.findings.length === 0) {
    out.push("No problems found.");
  } else {
    out.push("| | Code | Finding | Confidence |", "|---|---|---|---|");
    for (const f of r.findings) out.push(`| ${BADGE[f.severity]} | \`${f.code}\` | ${cell(f.title)} | ${Math.round(f.confidence * 100)}% |`);
    for (const f of r.findings) {
      out.push("", `### ${f.code} ${cell(f.title)}`, "", f.why);
      if (f.evidence.length > 0) out.push("", "Evidence:", "", ...f.evidence.map((e) => `- \`${e.replace(/`/g, "'")}\``));
      for (const fix of f.fixes) {
        out.push("", `**Fix:** ${fix.summary}`);
        if (fix.commands.length > 0) out.push("", `\`\`\`${(fix.shell ?? r.shell) === "powershell" ? "powershell" : "sh"}`, ...fix.commands, "```");
        if (fix.caution) out.push("", `> ${fix.caution}`);
      }
      if (f.explains?.length) out.push("", `Explains: ${f.explains.join(", ")}`);
    }
  }
  if (r.limits.length > 0) out.push("", "<details><summary>Limits</summary>", "", ...r.limits.map((l) => `- ${l}`), "", "</details>");
  return redactText(`${out.join("\n")}\n`);
}
