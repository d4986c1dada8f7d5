// Rules are pure: evidence in, findings out. One family per file, listed in
// the registry; adding a cause means adding a file.
import type { Context } from "../context/types.js";
import type { Finding, Outcome, ProbeResult } from "../report/schema.js";
import type { TraceSummary } from "../stall/types.js";

export interface Evidence {
  outcome: Outcome;
  /** Absent for `analyze` of a log without probes. */
  ctx?: Context;
  trace?: TraceSummary;
  probes: ProbeResult[];
  /** git/ssh processes of the go tree that looked like they waited on a prompt when it stalled. */
  promptWaiters?: { pid: number; command: string; why: string }[];
  /** `diagnose -- go build/test/vet` that failed on its own errors (compile, tests), not on a fetch: its command and last lines. */
  ownFailure?: { command: string; lines: string[] };
  /** analyze: settings the log itself shows (`export GOPROXY=...`, a go env dump), the last one seen; not this machine's. */
  logSettings?: { GOPROXY?: string; /** the log sets HTTP_PROXY but neither HTTPS_PROXY nor ALL_PROXY */ httpProxyOnly?: string; /** GOPATH mode's `go get -v` cloned this repository first (`ROOT (download)`) */ gopathGet?: string; /** the log is a Nix build's (buildGoModule, gomod2nix) */ nixBuild?: boolean };
  /**
   * The OS the go command ran on, where it changes a fix (go on Windows and
   * macOS verifies TLS with the system's store and ignores SSL_CERT_FILE):
   * this machine's for diagnose and probe, what a log shows for analyze.
   */
  os?: "windows" | "darwin";
}

/** The static part of a cause: what `explain CODE` prints. */
export interface CauseInfo {
  code: string;
  name: string;
  title: string;
  /** Long explanation, several sentences: what it is, how it is told apart, how to fix. */
  explain: string;
}

export interface RuleFamily {
  family: string;
  causes: CauseInfo[];
  evaluate(evidence: Evidence): Finding[];
}
