// The one-line outcome every human-facing format starts with.
import { formatBytes, formatMs } from "../util/format.js";
import type { Report } from "./schema.js";

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function findingsPart(r: Report): string {
  const blockers = r.findings.filter((f) => f.severity === "blocker").length;
  const warnings = r.findings.filter((f) => f.severity === "warning").length;
  const infos = r.findings.length - blockers - warnings;
  const parts = [blockers ? count(blockers, "blocker") : "", warnings ? count(warnings, "warning") : "", infos ? count(infos, "note") : ""].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "no problems found";
}

export function headline(r: Report): string {
  const what = r.goCommand?.join(" ") ?? "go mod download";
  const mods = r.summary.modules > 0 ? ` (${r.summary.done}/${r.summary.modules} modules, ${formatBytes(r.summary.bytes)})` : "";
  switch (r.outcome) {
    case "ok":
      return `${what} completed${mods} in ${formatMs(r.durationMs)}: ${findingsPart(r)}`;
    case "failed":
      return `${what} failed${mods}: ${findingsPart(r)}`;
    case "stalled":
      return `${what} stalled${r.stall ? `, no progress for ${formatMs(r.stall.idleMs)}` : ""}${mods}: ${findingsPart(r)}`;
    case "timeout":
      return `${what} timed out after ${formatMs(r.durationMs)}${mods}: ${findingsPart(r)}`;
    case "interrupted": {
      // What it was waiting on when the user gave up (GMD603's first evidence line): the question they had.
      const waiting = r.findings.find((f) => f.code === "GMD603")?.evidence[0];
      return `${what} was interrupted${mods}${waiting ? ` while ${waiting}` : ""}: ${r.findings.length > 0 ? findingsPart(r) : "nothing was diagnosed"}`;
    }
    case "probed":
      return `probes ran in ${formatMs(r.durationMs)}: ${findingsPart(r)}`;
    case "analyzed":
      return `log analyzed${mods}: ${findingsPart(r)}`;
  }
}
