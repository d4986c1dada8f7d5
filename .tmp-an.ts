import { readFileSync } from "node:fs";
import { parseTraceLine } from "../work/main/src/trace/parse.js";
import { createDetector, reduce, summarize } from "../work/main/src/stall/detector.js";
const text = readFileSync(process.argv[2]!, "utf8");
let s = createDetector({ stallTimeoutMs: 30000, slowThresholdBps: 0 }, 0);
for (const l of text.split("\n")) { const e = parseTraceLine(l, 0); if (e) s = reduce(s, e); }
s = reduce(s, { t: 30001, kind: "tick" });
console.log(JSON.stringify(summarize(s), null, 1));
