// `npm run bench` (or `node dist-dev/bench/run.js overhead startup`): runs the
// benchmarks one after another, writes bench/results/<name>.json for each and
// prints a table. Not a test: a target missed is reported, never an exit 1.
import { formatTable, writeResult } from "./lib.js";
import type { BenchResult } from "./lib.js";

const BENCHES = ["overhead", "detection-latency", "dead-network", "analyze-throughput", "startup"] as const;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(BENCHES as readonly string[]).includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(", ")} (known: ${BENCHES.join(", ")})\n`);
  process.exitCode = 2;
} else {
  const results: BenchResult[] = [];
  const started = performance.now();
  for (const name of wanted.length > 0 ? wanted : BENCHES) {
    process.stderr.write(`bench: ${name}...\n`);
    const t = performance.now();
    try {
      const bench = (await import(`./${name}.js`)) as { run(): Promise<BenchResult> };
      const result = await bench.run();
      results.push(result);
      const file = await writeResult(result);
      process.stderr.write(`bench: ${name} done in ${Math.round((performance.now() - t) / 1000)} s -> ${file}\n`);
    } catch (error) {
      process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  }
  process.stdout.write(`\n${formatTable(results)}\n\n(total ${Math.round((performance.now() - started) / 1000)} s on node ${process.version})\n`);
}
