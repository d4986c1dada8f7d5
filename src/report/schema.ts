// The JSON contract. Every report the tool prints (--json, the `data` of the last
// --ndjson line) is validated against `ReportSchema` first; the types other modules
// use for report data are inferred from these schemas, so they cannot drift.
// zod/mini, as options.ts: one small zod core in the bundle instead of two.
import { z } from "zod/mini";

import { SCHEMA_VERSION } from "./schema-version.js";

export { SCHEMA_VERSION };

export const SeveritySchema = z.enum(["blocker", "warning", "info"]);

/** The shell fix commands are written for: POSIX sh/bash/zsh, or PowerShell (a report about a Windows machine). */
export const ShellSchema = z.enum(["posix", "powershell"]);

export const FixSchema = z.object({
  summary: z.string(),
  commands: z.array(z.string()),
  caution: z.optional(z.string()),
  /** Set only when this fix's commands are for another shell than the report's `shell` (no faithful translation). */
  shell: z.optional(ShellSchema),
});

export const FindingSchema = z.object({
  /** Stable id, like a linter rule id (e.g. `GMD101`); `explain CODE` documents it. */
  code: z.string(),
  /** Short slug naming the cause (e.g. `proxy-refused`). */
  name: z.string(),
  severity: SeveritySchema,
  /** 0..1: strength of the evidence. */
  confidence: z.number().check(z.minimum(0), z.maximum(1)),
  title: z.string(),
  why: z.string(),
  evidence: z.array(z.string()),
  fixes: z.array(FixSchema),
  /** Module paths this finding is about, if any. */
  modules: z.optional(z.array(z.string())),
  /** Codes of findings this one explains (causes before symptoms). */
  explains: z.optional(z.array(z.string())),
});

export const ProbeStatusSchema = z.enum(["ok", "warn", "fail", "skipped", "error"]);

export const ProbeResultSchema = z.object({
  /** Unique per run, e.g. `goproxy:http://127.0.0.1:8080`. */
  id: z.string(),
  /** The probe family, e.g. `goproxy`, `sumdb`, `modcache`. */
  probe: z.string(),
  title: z.string(),
  /** What was probed (URL, host, directory), redacted. */
  target: z.string(),
  status: ProbeStatusSchema,
  ms: z.number(),
  facts: z.record(z.string(), z.unknown()),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
});

export const RequestStateSchema = z.object({
  url: z.string(),
  kind: z.string(),
  startedMs: z.number(),
  endedMs: z.optional(z.number()),
  status: z.optional(z.number()),
  error: z.optional(z.string()),
});

export const ModuleStateSchema = z.object({
  path: z.string(),
  version: z.string(),
  state: z.enum(["pending", "downloading", "done", "failed", "stalled", "slow"]),
  bytes: z.number(),
  bytesPerSecond: z.optional(z.number()),
  /** Estimated seconds left, when the zip size is known from headers and it is moving. */
  etaSeconds: z.optional(z.number()),
  idleMs: z.optional(z.number()),
  error: z.optional(z.string()),
  outstanding: z.optional(z.array(z.string())),
});

export const SuspectSchema = z.object({
  kind: z.enum(["http", "zip-body", "vcs", "lock", "silent", "toolchain"]),
  module: z.optional(z.string()),
  version: z.optional(z.string()),
  url: z.optional(z.string()),
  command: z.optional(z.string()),
  repo: z.optional(z.string()),
  idleMs: z.number(),
  bytes: z.optional(z.number()),
  holderPid: z.optional(z.number()),
  holderCommand: z.optional(z.string()),
  lockFile: z.optional(z.string()),
  /** A saved log's reading: the log ends here (it cannot show whether this was still moving). */
  logEnd: z.optional(z.boolean()),
});

export const StallSchema = z.object({
  atMs: z.number(),
  idleMs: z.number(),
  suspects: z.array(SuspectSchema),
});

export const OutcomeSchema = z.enum(["ok", "failed", "stalled", "timeout", "interrupted", "probed", "analyzed"]);

export const ReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal("gomod-doctor"), version: z.string() }),
  command: z.enum(["diagnose", "probe", "analyze"]),
  outcome: OutcomeSchema,
  exitCode: z.int(),
  dir: z.optional(z.string()),
  goCommand: z.optional(z.array(z.string())),
  goVersion: z.optional(z.string()),
  /** Effective go settings (from go env -json) and proxy variables, secrets redacted. */
  settings: z.record(z.string(), z.string()),
  durationMs: z.number(),
  summary: z.object({
    modules: z.number(),
    done: z.number(),
    failed: z.number(),
    bytes: z.number(),
  }),
  modules: z.array(ModuleStateSchema),
  stall: z.optional(StallSchema),
  errors: z.array(z.string()),
  probes: z.array(ProbeResultSchema),
  findings: z.array(FindingSchema),
  /** The shell the fix commands are written for: `powershell` when the report is about a Windows machine. */
  shell: ShellSchema,
  /** What could not be checked and why (e.g. no /proc/locks on this OS, a log without timestamps). */
  limits: z.array(z.string()),
});

/** Live --ndjson lines before the final report. */
export const NdjsonEventSchema = z.object({
  type: z.enum(["event", "verdict", "probe"]),
  t: z.number(),
  data: z.record(z.string(), z.unknown()),
});

export const ErrorDocumentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal("gomod-doctor"), version: z.string() }),
  error: z.object({ code: z.string(), message: z.string() }),
  exitCode: z.literal(2),
});

/**
 * The last --ndjson line: the report (what --json prints), or the error document when the
 * tool could not run, in the same envelope as the live lines so a reader can switch on `type`.
 */
export const NdjsonFinalLineSchema = z.union([
  z.object({ type: z.literal("report"), t: z.number(), data: ReportSchema }),
  z.object({ type: z.literal("error"), t: z.number(), data: ErrorDocumentSchema }),
]);

export type Severity = z.infer<typeof SeveritySchema>;
export type Shell = z.infer<typeof ShellSchema>;
export type Fix = z.infer<typeof FixSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;
export type ProbeResult = z.infer<typeof ProbeResultSchema>;
export type RequestState = z.infer<typeof RequestStateSchema>;
export type ModuleState = z.infer<typeof ModuleStateSchema>;
export type Suspect = z.infer<typeof SuspectSchema>;
export type Stall = z.infer<typeof StallSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type NdjsonEvent = z.infer<typeof NdjsonEventSchema>;
export type ErrorDocument = z.infer<typeof ErrorDocumentSchema>;
export type NdjsonFinalLine = z.infer<typeof NdjsonFinalLineSchema>;
