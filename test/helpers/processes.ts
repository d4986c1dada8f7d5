// Processes on this machine, read from /proc: what a test checks is gone.
import { readdirSync, readFileSync } from "node:fs";

/** Processes (other than this one) whose command line mentions `needle`, as "PID: command line". */
export function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(needle) && Number(pid) !== process.pid) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}
