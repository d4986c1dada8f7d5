// `gomod-doctor analyze FILE --json` on generated `-x` logs of 250,000 and
// 1,000,000 lines: lines per second, and peak memory for both sizes (the log
// is streamed, so memory should not grow with its length). Baseline: `wc -l`.
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { cliArgv, LOOPBACK_ONLY, measure, median, mib, ms, round, tempDir } from "./lib.js";
import type { BenchResult, Measured } from "./lib.js";

const RUNS = 3;
/** A run longer than this is cut off (and the larger size skipped): the whole bench must stay within minutes. */
const CAP_MS = 30_000;
const SIZES = [250_000, 1_000_000];
/** Measured once when the smallest size hits the cap, so there is still a real rate to read. */
const FALLBACK = 25_000;
/** Distinct modules the log cycles through: a CI log of many downloads of a big dependency graph. */
const MODULES = 5_000;
const PROXY = "https://proxy.golang.org";

/** The lines go prints with -x for one module: a download, every 7th a 404 first, every 10th a git fetch. */
function moduleLines(n: number): string[] {
  const path = `github.com/org${n % 97}/repo${n}`;
  const v = `v1.${n % 13}.${n % 50}`;
  const base = `${PROXY}/${path}/@v/${v}`;
  const out = [`go: downloading ${path} ${v}`];
  if (n % 7 === 0) out.push(`# get ${PROXY}/${path}/sub/@v/list`, `# get ${PROXY}/${path}/sub/@v/list: 404 Not Found (0.041s)`);
  for (const ext of ["info", "mod", "zip"]) out.push(`# get ${base}.${ext}`, `# get ${base}.${ext}: 200 OK (0.0${(n % 9) + 1}2s)`);
  if (n % 10 === 0) {
    const vcs = `/home/ci/go/pkg/mod/cache/vcs/${(n * 2654435761).toString(16).padStart(12, "0")}`;
    out.push(
      `mkdir -p ${vcs} # git3 https://${path}`,
      `# lock ${vcs}.lock`,
      `cd ${vcs}; git init --bare`,
      `0.004s # cd ${vcs}; git init --bare`,
      `cd ${vcs}; git ls-remote -q origin`,
      `0.231s # cd ${vcs}; git ls-remote -q origin`,
    );
  }
  if (n % 50 === 0) out.push(`go: found ${path}/pkg in ${path} ${v}`);
  return out;
}

/** Writes exactly `lines` lines; returns the file's path. */
export async function writeLog(dir: string, lines: number): Promise<string> {
  const file = join(dir, `x-${lines}.log`);
  const out = createWriteStream(file);
  let written = 0;
  for (let i = 0; written < lines; i++) {
    const chunk: string[] = [];
    for (let k = 0; k < 2_000 && written < lines; k++, i++) {
      for (const line of moduleLines(i % MODULES)) {
        if (written++ >= lines) break;
        chunk.push(line);
      }
    }
    if (!out.write(`${chunk.join("\n")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return file;
}

interface SizeResult {
  lines: number;
  /** Median whole-CLI wall time (node start-up included); undefined when a run hit the cap. */
  medianMs?: number;
  linesPerSec?: number;
  wcMs: number;
  /** The node process's own peak RSS (max over runs), and GNU time's figure of the first run. */
  selfRssKb?: number;
  gnuTimeRssKb?: number;
  runsMs: number[];
  cappedAtMs?: number;
}

async function measureSize(file: string, lines: number, env: Record<string, string>, times = RUNS): Promise<SizeResult> {
  const runs: Measured[] = [];
  const wc: number[] = [];
  for (let i = 0; i < times; i++) {
    wc.push((await measure(["wc", "-l", file], { env })).ms);
    const r = await measure(cliArgv(["analyze", file, "--json"]), { env, gnuTime: true, timeoutMs: CAP_MS });
    if (r.timedOut) return { lines, wcMs: round(median(wc), 1), runsMs: runs.map((x) => round(x.ms, 1)), cappedAtMs: CAP_MS };
    if (r.code === null || r.code > 1) throw new Error(`analyze-throughput: analyze exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    runs.push(r);
  }
  const t = median(runs.map((r) => r.ms));
  return {
    lines,
    medianMs: round(t, 1),
    linesPerSec: Math.round(lines / (t / 1000)),
    wcMs: round(median(wc), 1),
    selfRssKb: Math.max(...runs.map((r) => r.selfRssKb ?? 0)),
    ...(runs[0]?.treeRssKb ? { gnuTimeRssKb: runs[0].treeRssKb } : {}),
    runsMs: runs.map((r) => round(r.ms, 1)),
  };
}

export async function run(): Promise<BenchResult> {
  const tmp = await tempDir("analyze");
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmp.dir, ...LOOPBACK_ONLY };
  try {
    const sizes: SizeResult[] = [];
    const measureLog = async (lines: number, times = RUNS): Promise<SizeResult> => {
      const file = await writeLog(tmp.dir, lines);
      const size = await measureSize(file, lines, env, times);
      await rm(file, { force: true });
      return size;
    };
    for (const lines of SIZES) {
      sizes.push(await measureLog(lines));
      if (sizes.at(-1)!.cappedAtMs !== undefined) break; // a larger log would only take longer
    }
    const last = sizes.at(-1)!;
    const capped = last.cappedAtMs !== undefined;
    const fallback = capped && sizes.length === 1 ? await measureLog(FALLBACK, 1) : undefined;
    const rate = capped ? last.lines / (CAP_MS / 1000) : last.linesPerSec!;
    const rss = sizes.filter((s) => s.selfRssKb !== undefined).map((s) => `${mib(s.selfRssKb)} @${s.lines / 1000}k`);
    const small = fallback?.medianMs !== undefined ? `; ${FALLBACK / 1000}k in ${ms(fallback.medianMs)}` : "";
    return {
      name: "analyze-throughput",
      figure: capped
        ? `< ${round(rate / 1000, 1)}k lines/s (${last.lines / 1000}k > ${ms(CAP_MS)}${small})`
        : `${round(rate / 1000, 0)}k lines/s @${last.lines / 1000}k; rss ${rss.join(", ")}`,
      ratio: (capped ? CAP_MS : last.medianMs!) / last.wcMs,
      ...(capped ? { ratioBound: "lower" as const } : {}),
      baseline: `wc -l ${ms(last.wcMs)}`,
      target: ">= 500k lines/s",
      met: !capped && last.lines === SIZES.at(-1) && rate >= 500_000,
      data: { modules: MODULES, runs: RUNS, capMs: CAP_MS, note: "times are whole CLI runs (node start-up included)", sizes, ...(fallback ? { fallback } : {}) },
    };
  } finally {
    await tmp.cleanup();
  }
}
