// GMD115: a module zip that is simply large. Still arriving when --timeout
// ended the run (the probe's read saw its announced size): progressing, with
// its size, rate and time left, and the --timeout that would do. Or larger
// than the go command accepts at all (x/mod/zip MaxZipFile, 500 MiB): go
// stops it (`downloaded zip file too large`, `module source tree too large`),
// and no wait or mirror helps.
import type { Finding, ModuleState } from "../report/schema.js";
import { formatBytes, formatMs } from "../util/format.js";
import { probed } from "./facts.js";
import { makeFinding, mirrorFix } from "./fixes.js";
import { urlIsForModule } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const LARGE_ZIP: CauseInfo = {
  code: "GMD115",
  name: "zip-large",
  title: "A module zip is large: still arriving, or over the go command's limit",
  explain:
    "A module zip that is large takes long to arrive at the rate the path gives; when --timeout ends the run first, nothing is wrong but the " +
    "time: the probe's read of the zip shows the size the server announces, and size / rate is the time it needs. Give --timeout at least that, " +
    "or fetch from a proxy nearer to this machine. The go command itself refuses module zips over 500 MiB (golang.org/x/mod/zip MaxZipFile): " +
    "`downloaded zip file too large` from a proxy, `module source tree too large` or `module zip file is too large` in direct mode. No wait " +
    "helps there: the module cannot be used as a module dependency at that size (a replace by a local directory, or a smaller module, can).",
};

/** golang.org/x/mod/zip MaxZipFile. */
const MAX_ZIP = 500 << 20;

const TOO_LARGE = /downloaded zip file too large|module source tree too large|module zip file is too large|total uncompressed size of module contents too large/;

/** The size the server announced for the module's zip, from the probes' ranged read. */
export function announcedSize(e: Evidence, m: ModuleState): number | undefined {
  for (const p of [...probed(e, "goproxy"), ...probed(e, "mirror")]) {
    const zip = p.facts.zip;
    if (zip?.totalBytes && urlIsForModule(zip.url, m.path) && zip.url.includes(`/@v/${m.version}.zip`)) return zip.totalBytes;
  }
  return undefined;
}

/** Over an hour at the rate measured, no --timeout is a fix: performance.ts (GMD601) says what throttles the path. */
const LONGEST_WAIT_S = 3600;

/**
 * A zip still arriving whose size the probe read and whose whole download fits a
 * reasonable --timeout: this family's to explain (performance.ts leaves it alone).
 */
export function sizedZip(e: Evidence, m: ModuleState): { size: number; rate: number; total: number } | undefined {
  if (m.state !== "downloading" || !m.bytesPerSecond || m.bytes <= 0) return undefined;
  const size = announcedSize(e, m);
  if (!size || size <= m.bytes) return undefined;
  const total = size / m.bytesPerSecond;
  // Over go's limit the rate does not matter: go refuses the zip anyway.
  return size > MAX_ZIP || total <= LONGEST_WAIT_S ? { size, rate: m.bytesPerSecond, total } : undefined;
}

/** Seconds rounded up to what a person would type: 10 s steps under two minutes, whole minutes above. */
export function roundUp(seconds: number): number {
  return seconds <= 120 ? Math.ceil(seconds / 10) * 10 : Math.ceil(seconds / 60) * 60;
}

function stillArriving(e: Evidence): Finding[] {
  if (e.outcome !== "timeout" || e.trace?.stall) return [];
  const out: Finding[] = [];
  for (const m of e.trace?.modules ?? []) {
    const sized = sizedZip(e, m);
    if (!sized) continue;
    const { size, rate, total } = sized;
    const target = `${m.path}@${m.version}`;
    const left = (size - m.bytes) / rate;
    const percent = Math.floor((m.bytes / size) * 100);
    if (size > MAX_ZIP) {
      out.push(
        makeFinding(LARGE_ZIP, {
          title: `The zip of ${target} is ${formatBytes(size)}, over the 500 MiB the go command accepts`,
          severity: "blocker",
          confidence: 0.85,
          why:
            `The server announces ${formatBytes(size)} for it (it was at ${percent}% when --timeout ended the run). The go command stops reading a ` +
            "module zip at 500 MiB (golang.org/x/mod/zip MaxZipFile) and fails with `downloaded zip file too large`: no --timeout and no mirror makes it usable.",
          evidence: [`${target}: ${formatBytes(m.bytes)} of ${formatBytes(size)} announced, at ${formatBytes(rate)}/s`],
          modules: [m.path],
          fixes: [
            {
              summary: "Use the module's source from a checkout instead (a replace by a local directory), or ask its owners to split it or leave large files out",
              commands: [`go mod edit -replace ${m.path}=../${m.path.split("/").pop()}`],
            },
          ],
        }),
      );
      continue;
    }
    const mirror = mirrorFix(e, "Or fetch from the mirror measured faster");
    out.push(
      makeFinding(LARGE_ZIP, {
        title: `The zip of ${target} is large (${formatBytes(size)}) and was still arriving at ${formatBytes(rate)}/s when --timeout ended the run`,
        severity: "blocker",
        confidence: 0.9,
        why:
          `Nothing stalled: ${formatBytes(m.bytes)} of the ${formatBytes(size)} the server announced had arrived (${percent}%), at ${formatBytes(rate)}/s. ` +
          `At that rate the zip needs about ${formatMs(total * 1000)} in all, ${formatMs(left * 1000)} more; --timeout ended the run first.`,
        evidence: [`${target}: ${formatBytes(m.bytes)} of ${formatBytes(size)} announced, at ${formatBytes(rate)}/s, about ${formatMs(left * 1000)} left`],
        modules: [m.path],
        fixes: [
          { summary: `Give the run at least size / rate (${formatBytes(size)} at ${formatBytes(rate)}/s), rounded up`, commands: [`gomod-doctor diagnose --timeout ${roundUp(total)}`] },
          mirror ?? { summary: "Or fetch from a proxy nearer to this machine (a company mirror, a regional one)", commands: ["go env GOPROXY"] },
        ],
      }),
    );
  }
  return out;
}

function overLimit(e: Evidence): Finding[] {
  const hits = (e.trace?.errors ?? []).filter((x) => TOO_LARGE.test([x.message, ...x.details].join("\n")));
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const target = first.module ? `${first.module}${first.version ? `@${first.version}` : ""}` : "a module";
  return [
    makeFinding(LARGE_ZIP, {
      title: `${target} is larger than the go command accepts for a module (500 MiB)`,
      severity: "blocker",
      confidence: 0.95,
      why:
        "The go command refuses module zips (and module source trees) over 500 MiB (golang.org/x/mod/zip MaxZipFile): this is go's own limit, " +
        "not a network or proxy fault, and no retry, --timeout or mirror changes it.",
      evidence: hits.map((h) => h.message.split("\n")[0]!).slice(0, 3),
      modules: first.module ? [first.module] : [],
      fixes: [
        {
          summary: "Use the module's source from a checkout instead (a replace by a local directory), or ask its owners to split it or leave large files out",
          commands: first.module ? [`go mod edit -replace ${first.module}=../${first.module.split("/").pop()}`] : ["go mod edit -replace MODULE=../DIR"],
        },
      ],
    }),
  ];
}

export const zipSizeFamily: RuleFamily = {
  family: "zip-size",
  causes: [LARGE_ZIP],
  evaluate: (e) => [...overLimit(e), ...stillArriving(e)],
};
