// Throughput of the line splitter (and splitter + parser) on 1,000,000 typical -x lines.
// Not a timed test: run `npm run build && node test/trace/measure-throughput.mjs [split|parse]`.
import { Readable } from "node:stream";
import { splitLines } from "../../dist/trace/lines.js";
import { parseTraceLine } from "../../dist/trace/parse.js";
const sample = [
  "# get https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.mod",
  "# get https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/v1.2.0.mod: 200 OK (0.003s)",
  "cd /root/go/pkg/mod/cache/vcs/9f0c0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7; git ls-remote -q origin",
  "0.043s # cd /root/go/pkg/mod/cache/vcs/9f0c0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7; git ls-remote -q origin",
  "go: downloading golang.org/x/text v0.14.0",
];
const N = 1_000_000;
// Build 1M lines as ~64 KiB chunks, lazily, so the input itself does not sit in memory.
function* chunks() {
  let buf = [];
  let size = 0;
  for (let i = 0; i < N; i++) {
    const l = sample[i % sample.length] + "\n";
    buf.push(l); size += l.length;
    if (size >= 65536) { yield Buffer.from(buf.join("")); buf = []; size = 0; }
  }
  if (buf.length) yield Buffer.from(buf.join(""));
}
const mode = process.argv[2] ?? "split";
global.gc?.();
const rss0 = process.memoryUsage().rss;
let maxRss = rss0;
const t0 = performance.now();
let n = 0, k = 0;
for await (const line of splitLines(Readable.from(chunks()))) {
  n++;
  if (mode === "parse") { const e = parseTraceLine(line, n); if (e) k++; }
  if ((n & 0xffff) === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
}
const ms = performance.now() - t0;
console.log(`${mode}: ${n} lines in ${ms.toFixed(0)} ms = ${Math.round(n / ms * 1000).toLocaleString()} lines/s; rss start ${(rss0/1e6).toFixed(0)} MB, max ${(maxRss/1e6).toFixed(0)} MB`);
