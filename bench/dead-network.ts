// A dead network: six endpoints that accept connections and never answer
// (three GOPROXY entries joined by `|`, GOSUMDB with an explicit URL, two
// --mirror URLs). `gomod-doctor probe --json --probe-timeout 2` must report
// within about the probe timeout, because the probes run in parallel; the same
// tasks run one after another show what that parallelism buys.
import { startBlackhole } from "../fixtures/endpoints.js";
import type { FixtureEndpoint } from "../fixtures/endpoints.js";
import { makeProject } from "../fixtures/projects.js";
import { isolatedGoEnv } from "../fixtures/go-env.js";
import { verifierKey } from "../src/context/sumdb.js";
import { loadContext } from "../src/context/load.js";
import { planProbes } from "../src/probes/registry.js";
import { runProbes } from "../src/probes/runner.js";
import type { ProbeTask } from "../src/probes/types.js";
import { cliArgv, LOOPBACK_ONLY, measure, median, ms, round } from "./lib.js";
import type { BenchResult } from "./lib.js";

const RUNS = 5;
const PROBE_TIMEOUT_S = 2;

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

export async function run(): Promise<BenchResult> {
  const holes: FixtureEndpoint[] = await Promise.all(Array.from({ length: 6 }, () => startBlackhole()));
  const [p1, p2, p3, sumdb, m1, m2] = holes.map((h) => h.url) as [string, string, string, string, string, string];
  const project = await makeProject("healthy");
  const key = verifierKey("sumdb.bench.invalid", new Uint8Array(32).fill(7));
  const go = await isolatedGoEnv({ proxy: [p1, p2, p3].join("|"), extra: { GOSUMDB: `${key} ${sumdb}`, ...LOOPBACK_ONLY } });
  const timeoutMs = PROBE_TIMEOUT_S * 1000;
  try {
    const args = ["probe", project.dir, "--json", "--probe-timeout", String(PROBE_TIMEOUT_S), "--mirrors", "--mirror", m1, m2];
    const cli: number[] = [];
    let probes: { id: string; status: string; ms: number; error?: { code: string } }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await measure(cliArgv(args), { env: go.env, timeoutMs: 60_000 });
      const report = JSON.parse(r.stdout) as { probes?: typeof probes };
      if (r.code === null || r.code > 1 || !report.probes) throw new Error(`dead-network: probe exited ${r.code}: ${r.stderr.slice(0, 500)}`);
      cli.push(r.ms);
      probes = report.probes;
    }

    // The same tasks in this process: all at once, then one at a time.
    const ctx = await loadContext({ dir: project.dir, env: go.env });
    const options = { timeoutMs, mirrors: true, mirrorUrls: [m1, m2], now: Date.now, networkNames: ["localhost"] };
    const plan = (): ProbeTask[] => planProbes(ctx, { reason: "preflight" }, options);
    const parallel: number[] = [];
    for (let i = 0; i < 3; i++) parallel.push(await timed(() => runProbes(plan(), { timeoutMs })));
    const sequential = await timed(async () => {
      for (const task of plan()) await runProbes([task], { timeoutMs });
    });

    const wall = median(cli);
    const inProcess = median(parallel);
    return {
      name: "dead-network",
      figure: `${ms(wall)} to report; sequential ${round(sequential / inProcess, 1)}x slower`,
      ratio: wall / timeoutMs,
      baseline: `probe-timeout ${ms(timeoutMs)}`,
      target: "<= timeout + 0.5 s",
      met: wall <= timeoutMs + 500,
      data: {
        endpoints: "3 GOPROXY (|), GOSUMDB explicit URL, 2 --mirror: all blackholes on loopback",
        runs: RUNS,
        cliMs: cli.map((x) => round(x, 1)),
        medianCliMs: round(wall, 1),
        tasks: plan().map((t) => t.id),
        probes: probes.map((p) => ({ id: p.id, status: p.status, ms: p.ms, code: p.error?.code ?? null })),
        inProcessParallelMs: parallel.map((x) => round(x, 1)),
        inProcessSequentialMs: round(sequential, 1),
        sequentialOverParallel: round(sequential / inProcess, 2),
      },
    };
  } finally {
    await go.cleanup();
    await project.cleanup();
    await Promise.all(holes.map((h) => h.close()));
  }
}
