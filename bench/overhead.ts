// Overhead of watching a healthy download: `gomod-doctor diagnose --json` vs
// `go mod download -x -json` alone, on a 200-requirement project served by the
// loopback fixture proxy. Each run gets a fresh GOPATH/GOMODCACHE/GOCACHE;
// the two alternate so drift in the machine hits both alike.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startProxy } from "../fixtures/proxy.js";
import { isolatedGoEnv, GO123 } from "../fixtures/go-env.js";
import { GEN_COUNT, genModulePath, genModuleVersion } from "../fixtures/modules.js";
import { cliArgv, HAS_GNU_TIME, LOOPBACK_ONLY, measure, median, mib, ms, round, tempDir } from "./lib.js";
import type { BenchResult, Measured } from "./lib.js";

const RUNS = 5;

async function writeGen200(dir: string): Promise<void> {
  const requires = Array.from({ length: GEN_COUNT }, (_, n) => `\t${genModulePath(n)} ${genModuleVersion(n)}\n`).join("");
  await writeFile(join(dir, "go.mod"), `module example.com/bench/gen${GEN_COUNT}\n\ngo 1.19\n\nrequire (\n${requires})\n`);
}

export async function run(): Promise<BenchResult> {
  const proxy = await startProxy();
  const project = await tempDir("gen200");
  try {
    await writeGen200(project.dir);
    const once = async (who: "tool" | "go"): Promise<Measured> => {
      const go = await isolatedGoEnv({ proxy: proxy.url, extra: LOOPBACK_ONLY });
      try {
        const argv = who === "tool" ? cliArgv(["diagnose", project.dir, "--json"]) : [GO123, "mod", "download", "-x", "-json"];
        const r = await measure(argv, { cwd: project.dir, env: go.env, gnuTime: true, timeoutMs: 120_000 });
        const ok = who === "tool" ? r.code === 0 && (JSON.parse(r.stdout) as { outcome?: string }).outcome === "ok" : r.code === 0;
        if (!ok) throw new Error(`overhead: ${who} run failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
        return r;
      } finally {
        await go.cleanup();
      }
    };
    await once("go"); // warm-up, not counted: the proxy builds and caches its zips
    const tool: Measured[] = [];
    const alone: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) tool.push(await once("tool")), alone.push(await once("go"));
      else alone.push(await once("go")), tool.push(await once("tool"));
    }
    const toolMs = median(tool.map((r) => r.ms));
    const goMs = median(alone.map((r) => r.ms));
    const ratio = toolMs / goMs;
    const selfRss = Math.max(...tool.map((r) => r.selfRssKb ?? 0));
    return {
      name: "overhead",
      figure: `${ms(toolMs)} (+${ms(toolMs - goMs)}), rss ${mib(selfRss)}`,
      ratio,
      baseline: `go alone ${ms(goMs)}`,
      target: "<= 1.05x",
      met: ratio <= 1.05,
      data: {
        project: `${GEN_COUNT} requirements (example.com/gen/mNNN), fixture proxy on loopback, fresh module cache per run`,
        runs: RUNS,
        toolMs: tool.map((r) => round(r.ms, 1)),
        goMs: alone.map((r) => round(r.ms, 1)),
        medianToolMs: round(toolMs, 1),
        medianGoMs: round(goMs, 1),
        fixedCostMs: round(toolMs - goMs, 1),
        toolSelfPeakRssKb: tool.map((r) => r.selfRssKb ?? null),
        // GNU time reports the larger of a process and the children it waited for.
        toolTreePeakRssKb: HAS_GNU_TIME ? tool.map((r) => r.treeRssKb ?? null) : null,
        goPeakRssKb: HAS_GNU_TIME ? alone.map((r) => r.treeRssKb ?? null) : null,
      },
    };
  } finally {
    await proxy.close();
    await project.cleanup();
  }
}
