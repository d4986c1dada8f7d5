// Overhead of watching a healthy download: `gomod-doctor diagnose --json` vs
// `go mod download -x -json` alone, on a 200-requirement project served by the
// loopback fixture proxy. Each run gets a fresh GOPATH/GOMODCACHE/GOCACHE;
// the two alternate so drift in the machine hits both alike. The figure and
// target are for the bare loopback proxy (the benchmark); the same
// comparison with 20 ms added to every proxy answer (a nearby proxy's round
// trip) is measured too, as the case users meet. A floor is measured in the
// same runs: bench/floor-wrapper.ts, node + execa spawning go and draining its
// output and nothing else, so the figure shows which part of the overhead is
// any Node.js wrapper's and which is the tool's own.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";
import { startProxyProcess, type ProxyProcess } from "./proxy-process.js";
import { isolatedGoEnv, GO123 } from "../fixtures/go-env.js";
import { GEN_COUNT, genModulePath, genModuleVersion } from "../fixtures/modules.js";
import { cliArgv, nodeArgv, HAS_GNU_TIME, LOOPBACK_ONLY, measure, median, mib, ms, round, tempDir } from "./lib.js";
import type { BenchResult, Measured } from "./lib.js";

/** BENCH_RUNS overrides, for a quick look. */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LATENCY_RUNS = 5;
const LATENCY_MS = 20;

async function writeGen200(dir: string): Promise<void> {
  const requires = Array.from({ length: GEN_COUNT }, (_, n) => `\t${genModulePath(n)} ${genModuleVersion(n)}\n`).join("");
  await writeFile(join(dir, "go.mod"), `module example.com/bench/gen${GEN_COUNT}\n\ngo 1.19\n\nrequire (\n${requires})\n`);
}

/** The floor wrapper bundled as the tool is (execa unbundled alone loads for ~90 ms). */
async function bundleFloor(dir: string): Promise<string> {
  await build({
    input: fileURLToPath(new URL("./floor-wrapper.js", import.meta.url)),
    platform: "node",
    logLevel: "warn",
    output: { dir, format: "esm", entryFileNames: "floor.js" },
  });
  return join(dir, "floor.js");
}

export async function run(): Promise<BenchResult> {
  // Each proxy in a process of its own (see proxy-process.ts).
  const proxy = await startProxyProcess();
  let slowProxy: ProxyProcess | undefined;
  const project = await tempDir("gen200");
  try {
    await writeGen200(project.dir);
    const floorScript = await bundleFloor(join(project.dir, ".floor"));
    const goArgv = [GO123, "mod", "download", "-x", "-json"];
    const once = async (who: "tool" | "go" | "floor", proxyUrl = proxy.url): Promise<Measured> => {
      const go = await isolatedGoEnv({ proxy: proxyUrl, extra: LOOPBACK_ONLY });
      try {
        const argv = who === "tool" ? cliArgv(["diagnose", project.dir, "--json"]) : who === "floor" ? nodeArgv(floorScript, goArgv) : goArgv;
        const r = await measure(argv, { cwd: project.dir, env: go.env, gnuTime: true, timeoutMs: 120_000 });
        const ok = who === "tool" ? r.code === 0 && (JSON.parse(r.stdout) as { outcome?: string }).outcome === "ok" : r.code === 0;
        if (!ok) throw new Error(`overhead: ${who} run failed (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
        return r;
      } finally {
        await go.cleanup();
      }
    };
    /** runs pairs (or triples, with the floor), rotating which goes first. */
    const pairs = async (runs: number, proxyUrl: string, withFloor = false): Promise<{ tool: Measured[]; alone: Measured[]; floor: Measured[] }> => {
      const got = { tool: [] as Measured[], go: [] as Measured[], floor: [] as Measured[] };
      const who: ("tool" | "go" | "floor")[] = withFloor ? ["tool", "go", "floor"] : ["tool", "go"];
      for (let i = 0; i < runs; i++) {
        for (let k = 0; k < who.length; k++) {
          const w = who[(i + k) % who.length]!;
          got[w].push(await once(w, proxyUrl));
        }
      }
      return { tool: got.tool, alone: got.go, floor: got.floor };
    };
    await once("go"); // warm-up, not counted: the proxy builds and caches its zips
    const { tool, alone, floor } = await pairs(RUNS, proxy.url, true);
    slowProxy = await startProxyProcess({ delayMs: LATENCY_MS });
    await once("go", slowProxy.url); // warm-up
    const slow = await pairs(LATENCY_RUNS, slowProxy.url);
    const slowTool = median(slow.tool.map((r) => r.ms));
    const slowGo = median(slow.alone.map((r) => r.ms));
    const toolMs = median(tool.map((r) => r.ms));
    const goMs = median(alone.map((r) => r.ms));
    const floorMs = median(floor.map((r) => r.ms));
    const ratio = toolMs / goMs;
    const selfRss = Math.max(...tool.map((r) => r.selfRssKb ?? 0));
    // The wrappers' own CPU time: what the tool itself costs, hardly moved by the machine's load (wall time is).
    const toolCpu = median(tool.map((r) => r.selfCpuMs ?? 0));
    const floorCpu = median(floor.map((r) => r.selfCpuMs ?? 0));
    return {
      name: "overhead",
      figure: `${ms(toolMs)} (+${ms(toolMs - goMs)}; node+execa floor +${ms(floorMs - goMs)}), rss ${mib(selfRss)}, node CPU ${ms(toolCpu)} (floor ${ms(floorCpu)}); +${LATENCY_MS} ms/answer: ${round(slowTool / slowGo, 2)}x`,
      ratio,
      baseline: `go alone ${ms(goMs)}`,
      target: "<= 1.05x",
      met: ratio <= 1.05,
      data: {
        project: `${GEN_COUNT} requirements (example.com/gen/mNNN), fixture proxy on loopback in its own process, fresh module cache per run`,
        runs: RUNS,
        toolMs: tool.map((r) => round(r.ms, 1)),
        goMs: alone.map((r) => round(r.ms, 1)),
        medianToolMs: round(toolMs, 1),
        medianGoMs: round(goMs, 1),
        fixedCostMs: round(toolMs - goMs, 1),
        floor: {
          note: "node + execa spawning the same go command and draining its output, nothing else (bench/floor-wrapper.ts)",
          ms: floor.map((r) => round(r.ms, 1)),
          medianMs: round(floorMs, 1),
          ratio: round(floorMs / goMs, 3),
          cpuMs: floor.map((r) => r.selfCpuMs ?? null),
        },
        toolCpuMs: tool.map((r) => r.selfCpuMs ?? null),
        toolSelfPeakRssKb: tool.map((r) => r.selfRssKb ?? null),
        // GNU time reports the larger of a process and the children it waited for.
        toolTreePeakRssKb: HAS_GNU_TIME ? tool.map((r) => r.treeRssKb ?? null) : null,
        goPeakRssKb: HAS_GNU_TIME ? alone.map((r) => r.treeRssKb ?? null) : null,
        withLatency: {
          note: `every proxy answer delayed ${LATENCY_MS} ms`,
          runs: LATENCY_RUNS,
          toolMs: slow.tool.map((r) => round(r.ms, 1)),
          goMs: slow.alone.map((r) => round(r.ms, 1)),
          medianToolMs: round(slowTool, 1),
          medianGoMs: round(slowGo, 1),
          ratio: round(slowTool / slowGo, 3),
        },
      },
    };
  } finally {
    await proxy.close();
    await slowProxy?.close();
    await project.cleanup();
  }
}
