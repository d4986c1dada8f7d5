// One `gomod-doctor diagnose DIR --json` run of the built CLI, the way the
// integration tests make it: short deadlines, optional test host names pointed
// at 127.0.0.1 for the run's process tree only (fixtures/hosts.ts), the parsed
// report and its top finding, and a check that no process outlived the run.
import { expect } from "vitest";
import { writeHostsFile } from "../../../fixtures/hosts.js";
import type { Finding, Report } from "../../../src/report/schema.js";
import { runCli, type CliRun } from "../../helpers/cli.js";
import { leftovers, parseReport } from "./watch.js";

/** Deadlines (the CLI's in seconds, as it takes them) and further options of a run. */
export interface DiagnoseTiming {
  /** --stall-timeout (default 2). */
  stallTimeout?: number;
  /** --probe-timeout (default 2). */
  probeTimeout?: number;
  /** More CLI options (--timeout, --slow-threshold…), after the deadlines. */
  extraArgs?: string[];
  /** Bound on the whole run (default 45 s). */
  timeoutMs?: number;
}

export interface DiagnoseOptions extends DiagnoseTiming {
  dir: string;
  env: Record<string, string>;
  /** Test host names resolved to 127.0.0.1 in the run's own mount namespace (a hosts file written for it). */
  hosts?: readonly string[];
  /** A file mounted over /etc/ssh/ssh_config for the run's tree (with hosts; fixtures/hosts.ts withTestHosts). */
  sshConfig?: string;
  /** The go command to diagnose (after `--`); go mod download when absent. */
  goCommand?: string[];
  /** The CLI's working directory (default: this process's). */
  cwd?: string;
}

export interface DiagnoseRun {
  run: CliRun;
  code: number | undefined;
  stderr: string;
  report: Report;
  /** The first-ranked finding; undefined for a run with none (tests of a healthy run do not read it). */
  top: Finding;
  /** The finding names in rank order, for assertion messages. */
  names: string;
  /** Every finding's code and title, for assertion messages. */
  text: string;
}

export async function runDiagnose(opts: DiagnoseOptions): Promise<DiagnoseRun> {
  const args = [
    "diagnose",
    opts.dir,
    "--json",
    "--stall-timeout",
    String(opts.stallTimeout ?? 2),
    "--probe-timeout",
    String(opts.probeTimeout ?? 2),
    ...(opts.extraArgs ?? []),
    ...(opts.goCommand?.length ? ["--", ...opts.goCommand] : []),
  ];
  const hosts = opts.hosts ? await writeHostsFile(opts.hosts) : undefined;
  let run: CliRun;
  try {
    run = await runCli(args, { env: opts.env, cwd: opts.cwd, timeoutMs: opts.timeoutMs ?? 45_000, hostsFile: hosts?.file, sshConfig: opts.sshConfig });
  } finally {
    await hosts?.cleanup();
  }
  const report = parseReport(run.stdout);
  expect(await leftovers(run.marker)).toEqual([]);
  return {
    run,
    code: run.code,
    stderr: run.stderr,
    report,
    top: report.findings[0] as Finding,
    names: report.findings.map((f) => f.name).join(", "),
    text: JSON.stringify(report.findings.map((f) => [f.code, f.title]), null, 1),
  };
}
