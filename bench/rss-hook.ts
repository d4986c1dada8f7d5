// Preloaded into the CLI under benchmark (`node --import rss-hook.js ...`):
// at exit, writes this process's own peak RSS in KiB (not its children's:
// GNU time's figure includes the go command it waited for).
import { writeFileSync } from "node:fs";

const file = process.env.GOMOD_DOCTOR_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // a measurement must never change the run
    }
  });
}
