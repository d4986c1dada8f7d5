// Preloaded into the CLI under benchmark (`node --import rss-hook.js ...`):
// at exit, writes this process's own peak RSS in KiB (not its children's:
// GNU time's figure includes the go command it waited for) and its own CPU
// time in ms (user + system: unlike wall time, hardly moved by the machine's load).
import { writeFileSync } from "node:fs";

const file = process.env.GOMOD_DOCTOR_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(file, `${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
    } catch {
      // a measurement must never change the run
    }
  });
}
