// Assembles the one result type every reporter renders.
import type { Context } from "../context/types.js";
import type { TraceSummary } from "../stall/types.js";
import type { Finding, Outcome, ProbeResult, Report, Shell } from "../report/schema.js";
import { findingsForShell } from "../report/fix-shell.js";
import { SCHEMA_VERSION } from "../report/schema-version.js";
import { redactText } from "../util/redact.js";
import { GO_ENV_KEYS } from "../context/load.js";
import { toolVersion } from "../version.js";

/** Settings read from go env that say nothing about downloading; every other one is shown. */
const NOT_SHOWN = new Set(["GOPATH", "GOVERSION", "GOENV", "GOOS", "GOARCH", "GOROOT"]);
/** The go settings a diagnosis depends on, shown in every report. */
const SETTINGS = GO_ENV_KEYS.filter((key) => !NOT_SHOWN.has(key));
const PROCESS_SETTINGS = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"] as const;

export function settingsOf(ctx: Context | undefined): Record<string, string> {
  if (!ctx) return {};
  const out: Record<string, string> = {};
  for (const key of SETTINGS) {
    const value = ctx.env[key];
    if (value !== undefined && value !== "") out[key] = redactText(value);
  }
  for (const key of PROCESS_SETTINGS) {
    const value = ctx.process[key];
    if (value) out[key] = redactText(value);
  }
  return out;
}

export interface ReportParts {
  command: Report["command"];
  outcome: Outcome;
  exitCode: number;
  startedAt: number;
  endedAt: number;
  ctx?: Context;
  goCommand?: string[];
  trace?: TraceSummary;
  probes: ProbeResult[];
  /** The rules' findings, with POSIX fix commands: rewritten here for `shell`. */
  findings: Finding[];
  /** The shell of the machine the report is about. */
  shell: Shell;
  limits: string[];
}

export function buildReport(parts: ReportParts): Report {
  const modules = parts.trace?.modules ?? [];
  const errors = (parts.trace?.errors ?? []).map((e) => [e.message, ...e.details].join("\n"));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "gomod-doctor", version: toolVersion() },
    command: parts.command,
    outcome: parts.outcome,
    exitCode: parts.exitCode,
    ...(parts.ctx ? { dir: parts.ctx.dir, goVersion: parts.ctx.goVersion } : {}),
    ...(parts.goCommand ? { goCommand: parts.goCommand } : {}),
    settings: settingsOf(parts.ctx),
    durationMs: Math.max(0, parts.endedAt - parts.startedAt),
    summary: {
      modules: modules.length,
      done: modules.filter((m) => m.state === "done").length,
      failed: modules.filter((m) => m.state === "failed").length,
      bytes: modules.reduce((sum, m) => sum + m.bytes, 0),
    },
    modules,
    ...(parts.trace?.stall ? { stall: parts.trace.stall } : {}),
    errors,
    probes: parts.probes,
    findings: findingsForShell(parts.findings, parts.shell),
    shell: parts.shell,
    limits: parts.limits,
  };
}
