// Shared by the reliability suite: a cleanup stack for afterEach, isolated
// go projects, a CLI run we can signal and watch while it runs (its output
// as it arrives, its peak memory), and bounded polling for conditions.
import { execa, type ResultPromise } from "execa";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { makeProject } from "../../fixtures/projects.js";
import { isolatedGoEnv } from "../../fixtures/go-env.js";
import { BIN, processesWithMarker } from "../helpers/cli.js";
import { ReportSchema, type Report } from "../../src/report/schema.js";

export type Cleanup = () => Promise<void>;

/** A LIFO stack of cleanups, emptied by afterEach(() => stack.run()). */
export function cleanupStack(): { push(c: Cleanup): void; run(): Promise<void> } {
  const items: Cleanup[] = [];
  return {
    push: (c) => void items.push(c),
    async run() {
      while (items.length) await items.pop()!().catch(() => undefined);
    },
  };
}

/** A temp copy of a fixture project and an isolated go env pointed at `proxy`. */
export async function goProject(
  cleanups: { push(c: Cleanup): void },
  project: Parameters<typeof makeProject>[0],
  proxy: string,
  extra: Record<string, string> = {},
) {
  const p = await makeProject(project);
  cleanups.push(p.cleanup);
  const go = await isolatedGoEnv({ proxy, extra: { GOMOD_DOCTOR_REFERENCE_HOSTS: "localhost", ...extra } });
  cleanups.push(go.cleanup);
  return { dir: p.dir, env: go.env, go };
}

/** Polls `check` every `everyMs` until it returns a value other than undefined/false, or the deadline passes. */
export async function pollFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, everyMs = 50): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The processes of a run still alive after up to ~3 s (killTree's grace is 1 s). */
export async function leftovers(marker: string, timeoutMs = 3000): Promise<{ pid: number; cmd: string }[]> {
  let last: { pid: number; cmd: string }[] = [];
  await pollFor(async () => {
    last = await processesWithMarker(marker);
    return last.length === 0;
  }, timeoutMs);
  return last;
}

export interface LiveCli {
  marker: string;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** The largest VmHWM (peak resident set, kB) read from /proc while it ran. */
  peakRssKb(): number;
  /** Resolves when the CLI has exited; stops the memory sampling. */
  done: Promise<{ code: number | undefined; signal?: string; ms: number }>;
  child: ResultPromise;
}

/** Starts `node bin/gomod-doctor.js args` with exactly `env` plus a marker, like runCli, but hands it back running. */
export function startCli(args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): LiveCli {
  const marker = randomUUID();
  const started = Date.now();
  const child = execa("node", [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...options.env, GOMOD_DOCTOR_TEST_MARKER: marker, NO_COLOR: "1" },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: options.timeoutMs ?? 60_000,
  });
  const pid = child.pid!;
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  let peak = 0;
  let sampling = true;
  const sample = async () => {
    while (sampling) {
      try {
        const status = await readFile(`/proc/${pid}/status`, "latin1");
        const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb);
      } catch {
        // gone
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const sampler = sample();
  const done = child.then(async (r) => {
    sampling = false;
    await sampler;
    return { code: r.exitCode, ...(r.signal ? { signal: r.signal } : {}), ms: Date.now() - started };
  });
  return { marker, pid, stdout: () => out, stderr: () => err, peakRssKb: () => peak, done, child };
}

/** A go process of this run that is alive (the download has started). */
export async function goProcessOf(marker: string): Promise<{ pid: number; cmd: string } | undefined> {
  return (await processesWithMarker(marker)).find((p) => /\bgo mod download\b/.test(p.cmd) || /\/go mod download/.test(p.cmd));
}

/** The --json report on stdout; a failure shows what the tool printed instead. */
export function parseReport(out: { stdout(): string; stderr(): string } | { stdout: string; stderr: string }): Report {
  const stdout = typeof out.stdout === "function" ? out.stdout() : out.stdout;
  const stderr = typeof out.stderr === "function" ? out.stderr() : out.stderr;
  try {
    return ReportSchema.parse(JSON.parse(stdout));
  } catch (error) {
    throw new Error(`not a report (${error instanceof Error ? error.message.slice(0, 300) : String(error)})\nstdout: ${stdout.slice(0, 1500)}\nstderr: ${stderr.slice(0, 1500)}`);
  }
}

/** Lines that look like a JavaScript stack trace. */
export const STACK_LINE = /^\s+at /m;
