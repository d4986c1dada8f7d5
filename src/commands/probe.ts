// The probe engine: the probes alone, no download (a CI pre-flight).
import type { ProbeCommandOptions } from "../options.js";
import type { ProbeResult, Report } from "../report/schema.js";
import { loadContext } from "../context/load.js";
import { probeAll } from "../probes/suite.js";
import { diagnoseEvidence } from "../rules/diagnose.js";
import { buildReport } from "./build-report.js";
import { hostOs, hostShell } from "../report/fix-shell.js";
import { probeOptionsFor } from "./probe-options.js";

export async function runProbeCommand(
  options: ProbeCommandOptions,
  onProbe?: (result: ProbeResult) => void,
  signal?: AbortSignal,
  onProbing?: () => void,
): Promise<Report> {
  const startedAt = Date.now();
  const ctx = await loadContext({ dir: options.dir, ...(options.goBin ? { goBin: options.goBin } : {}), env: process.env, ...(signal ? { signal } : {}) });
  onProbing?.();
  const probeOptions = probeOptionsFor(options, { mirrors: options.mirrors });
  const probes = await probeAll(ctx, { reason: "preflight" }, probeOptions, { timeoutMs: options.probeTimeoutMs, ...(signal ? { signal } : {}), ...(onProbe ? { onResult: onProbe } : {}) });
  const findings = diagnoseEvidence({ outcome: "probed", ctx, probes, ...hostOs() });
  const blocker = findings.some((f) => f.severity === "blocker");
  return buildReport({
    command: "probe",
    outcome: "probed",
    exitCode: blocker ? 1 : 0,
    startedAt,
    endedAt: Date.now(),
    ctx,
    probes,
    findings,
    shell: hostShell(),
    limits: [],
  });
}
