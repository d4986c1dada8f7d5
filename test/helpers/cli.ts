// Runs the built CLI as a user would (node bin/gomod-doctor.js), bounded in
// time and optionally with test host names (fixtures/hosts.ts), and finds
// processes it may have left behind by an environment marker.
import { execa } from "execa";
import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { withTestHosts } from "../../fixtures/hosts.js";

export const BIN = fileURLToPath(new URL("../../bin/gomod-doctor.js", import.meta.url));

export interface CliRun {
  code: number | undefined;
  stdout: string;
  stderr: string;
  /** The marker put in the tool's environment: every process it starts inherits it. */
  marker: string;
  ms: number;
}

export async function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; hostsFile?: string; sshConfig?: string } = {},
): Promise<CliRun> {
  const marker = randomUUID();
  const started = Date.now();
  // With a hosts file, the CLI (and go, git) run in a mount namespace that reads it as /etc/hosts (and sshConfig as /etc/ssh/ssh_config).
  if (options.sshConfig && !options.hostsFile) throw new Error("runCli: sshConfig needs a hostsFile (both are mounted in the run's own namespace)");
  const [cmd, ...argv] = options.hostsFile
    ? withTestHosts(options.hostsFile, [process.execPath, BIN, ...args], options.sshConfig ? { sshConfig: options.sshConfig } : {})
    : ["node", BIN, ...args];
  const result = await execa(cmd!, argv, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...options.env, GOMOD_DOCTOR_TEST_MARKER: marker, NO_COLOR: "1" },
    extendEnv: false,
    reject: false,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" }),
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), marker, ms: Date.now() - started };
}

/** Pids of live processes whose environment carries the marker (go, git, ssh of that run). */
export async function processesWithMarker(marker: string): Promise<{ pid: number; cmd: string }[]> {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = await readFile(`/proc/${entry}/environ`, "latin1");
      if (!environ.includes(`GOMOD_DOCTOR_TEST_MARKER=${marker}`)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, "latin1");
      if (/\) Z /.test(stat)) continue; // a zombie is already dead
      const cmd = (await readFile(`/proc/${entry}/cmdline`, "latin1")).split("\0").join(" ").trim();
      found.push({ pid: Number(entry), cmd });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
