// Shared by the benchmarks: paths, medians, running a command while timing it
// and measuring peak memory, result files and the summary table. Benchmarks
// are measurements, not tests: they report numbers and never fail a build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from dist-dev/bench/). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "bin", "gomod-doctor.js");
export const RESULTS_DIR = join(ROOT, "bench", "results");
/** Preloaded into the CLI's node (`--import`): writes the process's own peak RSS at exit. */
const RSS_HOOK = fileURLToPath(new URL("./rss-hook.js", import.meta.url));
const GNU_TIME = "/usr/bin/time";
export const HAS_GNU_TIME = existsSync(GNU_TIME);

export interface BenchResult {
  name: string;
  /** The headline figure, e.g. "1.32x go alone" or "2.41 s". */
  figure: string;
  /** The figure against the baseline measured in the same run. */
  ratio: number;
  /** "lower": the run was cut off, the true ratio is larger. */
  ratioBound?: "lower";
  baseline: string;
  target: string;
  /** Whether the target is met; undefined when the benchmark has no target. */
  met?: boolean;
  /** Everything measured, written to bench/results/<name>.json. */
  data: Record<string, unknown>;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export interface Measured {
  code: number | null;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  stdout: string;
  stderr: string;
  /** Peak RSS of the node process itself (process.resourceUsage at exit), KiB; CLI runs only. */
  selfRssKb?: number;
  /** CPU time (user + system) of the node process itself, ms; CLI runs only. */
  selfCpuMs?: number;
  /** GNU time's maximum RSS: the largest of the process and the children it waited for, KiB. */
  treeRssKb?: number;
  timedOut: boolean;
}

export interface MeasureOptions {
  cwd?: string;
  env: Record<string, string>;
  timeoutMs?: number;
  /** Run under /usr/bin/time -v (when present) to get treeRssKb. */
  gnuTime?: boolean;
  /** Called with each stdout line and performance.now() when it arrived. */
  onLine?: (line: string, at: number) => void;
}

/** `node [rss hook] bin/gomod-doctor.js ...args`: the CLI as a user runs it. */
export function cliArgv(args: string[]): string[] {
  return nodeArgv(BIN, args);
}

/** `node [rss hook] script ...args`. */
export function nodeArgv(script: string, args: string[]): string[] {
  return [process.execPath, "--import", RSS_HOOK, script, ...args];
}

/** Runs argv in its own process group, timing it; kills the whole group after timeoutMs. */
export async function measure(argv: string[], opts: MeasureOptions): Promise<Measured> {
  const scratch = await mkdtemp(join(tmpdir(), "gomod-doctor-bench-"));
  const rssFile = join(scratch, "rss");
  const timeFile = join(scratch, "time");
  const full = opts.gnuTime && HAS_GNU_TIME ? [GNU_TIME, "-v", "-o", timeFile, ...argv] : argv;
  const env = { ...opts.env, GOMOD_DOCTOR_BENCH_RSS_FILE: rssFile };
  const started = performance.now();
  const child = spawn(full[0]!, full.slice(1), { cwd: opts.cwd ?? ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout.on("data", (d: Buffer) => {
    const at = performance.now();
    stdout += d.toString();
    if (!opts.onLine) return;
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop()!;
    for (const line of lines) opts.onLine(line, at);
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, opts.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => {
    child.on("error", (e) => ((stderr += String(e)), resolve(-1)));
    child.on("close", (c) => resolve(c));
  });
  const ms = performance.now() - started;
  clearTimeout(timer);
  killGroup(child.pid); // anything the run left behind
  const [rssText, cpuText] = (await readFile(rssFile, "utf8").catch(() => "")).split(" ");
  const selfRssKb = Number(rssText) || undefined;
  const selfCpuMs = Number(cpuText) || undefined;
  const timeText = await readFile(timeFile, "utf8").catch(() => "");
  const treeRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timeText)?.[1]) || undefined;
  await rm(scratch, { recursive: true, force: true });
  return { code, ms, stdout, stderr, timedOut, ...(selfRssKb ? { selfRssKb } : {}), ...(selfCpuMs ? { selfCpuMs } : {}), ...(treeRssKb ? { treeRssKb } : {}) };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** The environment every CLI run gets on top of its go environment (no public name lookups). */
export const LOOPBACK_ONLY = { GOMOD_DOCTOR_REFERENCE_HOSTS: "localhost", NO_COLOR: "1" };

/** A throwaway temp directory removed by the returned function. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `gomod-doctor-bench-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeResult(result: BenchResult): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.name}.json`);
  // The machine may be busy (other jobs on 2 cores): the load average says how much.
  const doc = { ...result, node: process.version, at: new Date().toISOString(), loadavg: loadavg().map((x) => round(x)) };
  await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

export function formatTable(results: BenchResult[]): string {
  const head = ["benchmark", "figure", "ratio", "baseline", "target", "met"];
  const rows = results.map((r) => [r.name, r.figure, `${r.ratioBound === "lower" ? ">" : ""}${round(r.ratio)}x`, r.baseline, r.target, r.met === undefined ? "-" : r.met ? "yes" : "NO"]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export const ms = (x: number): string => (x >= 1000 ? `${round(x / 1000, 2)} s` : `${Math.round(x)} ms`);
export const mib = (kb: number | undefined): string => (kb === undefined ? "?" : `${round(kb / 1024, 1)} MiB`);
