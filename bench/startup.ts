// Start-up cost: `node bin/gomod-doctor.js --version` and `explain GMD101` vs
// `node -e 0`, alternating, 10 runs each. Then what the CLI loads before it
// parses a flag: each module src/cli.ts imports statically, imported alone in
// a fresh node (its time includes what it pulls in). Those are tsc's separate
// modules in dist/; the bin runs the bundle in dist/bundle/, which loads the
// same code from a few files (see scripts/bundle.mjs).
import { join } from "node:path";
import { BIN, LOOPBACK_ONLY, measure, median, ms, round, ROOT } from "./lib.js";
import type { BenchResult } from "./lib.js";

const RUNS = 10;
const IMPORT_RUNS = 5;
/** The static imports of dist/cli.js (and zod, which options.js and report/schema.js load), then the whole CLI module. */
const EAGER = ["commander", "zod", "dist/util/errors.js", "dist/version.js", "dist/options.js", "dist/report/schema.js", "dist/output.js", "dist/cli.js"];

async function importMs(specifier: string, env: Record<string, string>): Promise<number> {
  const target = specifier.startsWith("dist/") ? new URL(`file://${join(ROOT, specifier)}`).href : specifier;
  const code = `const t = performance.now(); await import(${JSON.stringify(target)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < IMPORT_RUNS; i++) {
    const r = await measure([process.execPath, "--input-type=module", "-e", code], { env });
    times.push(Number(r.stdout));
  }
  return median(times);
}

export async function run(): Promise<BenchResult> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: ROOT, ...LOOPBACK_ONLY };
  const commands = {
    node: [process.execPath, "-e", "0"],
    version: [process.execPath, BIN, "--version"],
    explain: [process.execPath, BIN, "explain", "GMD101"],
  };
  const times: Record<keyof typeof commands, number[]> = { node: [], version: [], explain: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [name, argv] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      const r = await measure(argv, { env });
      if (r.code !== 0) throw new Error(`startup: ${argv.slice(1).join(" ")} exited ${r.code}: ${r.stderr.slice(0, 300)}`);
      times[name].push(r.ms);
    }
  }
  const imports: Record<string, number> = {};
  for (const m of EAGER) imports[m] = round(await importMs(m, env), 1);
  const [node, version, explain] = [median(times.node), median(times.version), median(times.explain)];
  return {
    name: "startup",
    figure: `--version ${ms(version)}, explain ${ms(explain)}`,
    ratio: version / node,
    baseline: `node -e 0 ${ms(node)}`,
    target: "(none)",
    data: {
      runs: RUNS,
      medianMs: { node: round(node, 1), version: round(version, 1), explain: round(explain, 1) },
      explainOverNode: round(explain / node, 2),
      runsMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.map((x) => round(x, 1))])),
      // Each alone in a fresh node, so shared dependencies count in every line.
      eagerImportMs: imports,
    },
  };
}
