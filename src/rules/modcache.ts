// GMD4xx: the module cache: a lock held by another process, a cache the
// user cannot write, a full disk, leftovers of killed downloads, NFS locks.
import type { Finding } from "../report/schema.js";
import { formatBytes, formatMs } from "../util/format.js";
import { firstProbed } from "./facts.js";
import { failingSeverity, makeFinding, plural } from "./fixes.js";
import { localLines } from "./hosts.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const LOCK_HELD: CauseInfo = {
  code: "GMD401",
  name: "modcache-lock-held",
  title: "Another process holds a module-cache lock",
  explain:
    "The go command takes an flock on `<version>.lock` files in the module cache while it downloads. A second go command that needs the same " +
    "module waits for the lock and prints nothing at all. The holder is usually another go command (an IDE's gopls, a parallel build, a hung " +
    "earlier run). /proc/locks names its pid. Let it finish, or end it if it is stuck.",
};

export const CACHE_NOT_WRITABLE: CauseInfo = {
  code: "GMD402",
  name: "modcache-not-writable",
  title: "The module cache is not writable",
  explain:
    "The go command cannot create files in GOMODCACHE (`permission denied`, `read-only file system`): a cache created by another user " +
    "(often root through sudo or a container), or a read-only mount. Give the directory back to the user, or point GOMODCACHE at a writable place.",
};

export const DISK_FULL: CauseInfo = {
  code: "GMD403",
  name: "disk-full",
  title: "No space left for the module cache",
  explain:
    "The file system holding GOMODCACHE is full (`no space left on device`, `disk quota exceeded`) or nearly so. Free space, clear the module " +
    "cache (it is only a cache, everything is downloaded again) or move it to a bigger disk.",
};

export const CACHE_ORPHANS: CauseInfo = {
  code: "GMD404",
  name: "modcache-orphans",
  title: "Leftovers of killed downloads in the module cache",
  explain:
    "`.zip*.tmp` files and `.tmp-*` directories are partial downloads of go commands that were killed. They are harmless (the next download " +
    "starts afresh) but take space, and many of them point at runs that keep getting interrupted.",
};

export const NO_LOCKS: CauseInfo = {
  code: "GMD405",
  name: "modcache-no-locks",
  title: "The module cache's file system does not support locks",
  explain:
    "flock fails with `no locks available` (ENOLCK), typical of some NFS mounts, or with `function not implemented` / `operation not supported` " +
    "(FUSE and SD-card file systems). Put GOMODCACHE on a local disk; when the lock on the project's own go.mod fails, the project has to move.",
};

const LOW_SPACE = 256 * 1024 * 1024;

function cacheDir(e: Evidence): string {
  return firstProbed(e, "modcache")?.facts.dir ?? (e.ctx?.env.GOMODCACHE || cacheDirInErrors(e) || "$(go env GOMODCACHE)");
}

/** From a log alone: the `.../pkg/mod` directory an error names (`mkdir /home/u/go/pkg/mod: permission denied`). */
function cacheDirInErrors(e: Evidence): string | undefined {
  for (const err of e.trace?.errors ?? []) {
    const m = /(\/\S*?\/pkg\/mod)(?:[/:\s]|$)/.exec([err.message, ...err.details].join("\n"));
    if (m) return m[1];
  }
  return undefined;
}

/** Error lines about this machine: a proxy's `server response:` quoting its own full disk is not ours. */
function errorLines(e: Evidence, re: RegExp): string[] {
  return (e.trace?.errors ?? []).flatMap((x) => localLines(x.message, x.details)).filter((l) => re.test(l));
}

function lockHeld(e: Evidence): Finding[] {
  const mc = firstProbed(e, "modcache")?.facts;
  const stalled = e.outcome === "stalled" || e.outcome === "timeout";
  const waits = e.trace?.lockWaits ?? [];
  const suspects = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "lock");
  const holders = new Map<number, { command?: string; file: string; waiters: number }>();
  for (const w of waits) if (w.holderPid !== undefined) holders.set(w.holderPid, { ...(w.holderCommand ? { command: w.holderCommand } : {}), file: w.file, waiters: 1 });
  for (const s of suspects) if (s.holderPid !== undefined) holders.set(s.holderPid, { ...(s.holderCommand ? { command: s.holderCommand } : {}), file: s.lockFile ?? "", waiters: 1 });
  for (const h of mc?.lockHolders ?? []) {
    if (h.waiters.length === 0 && !(stalled && waits.length + suspects.length > 0)) continue;
    holders.set(h.pid, { ...(h.command ? { command: h.command } : {}), file: h.file, waiters: h.waiters.length });
  }
  if (holders.size === 0 && waits.length + suspects.length === 0) return [];
  const [pid, holder] = [...holders.entries()].sort((a, b) => a[0] - b[0])[0] ?? [undefined, undefined];
  const idle = suspects[0]?.idleMs;
  const waited = waits.length > 0 || suspects.length > 0;
  return [
    makeFinding(LOCK_HELD, {
      title: pid !== undefined ? `Process ${pid}${holder?.command ? ` (${holder.command})` : ""} holds a module-cache lock` : LOCK_HELD.title,
      severity: waited || stalled ? "blocker" : "warning",
      confidence: pid !== undefined && waited ? 0.95 : pid !== undefined ? 0.8 : 0.6,
      why:
        `The go command waits for a lock ${pid !== undefined ? `held by pid ${pid}` : "held by another process"}` +
        `${idle !== undefined ? ` (${formatMs(idle)} without progress)` : ""}; it prints nothing while it waits.`,
      evidence: [
        ...[...holders.entries()].map(([p, h]) => `pid ${p}${h.command ? ` \`${h.command}\`` : ""} holds ${h.file}${h.waiters ? ` (${plural(h.waiters, "waiter")})` : ""}`),
        ...waits.map((w) => `waiting on ${w.file}`),
      ].slice(0, 5),
      fixes:
        pid !== undefined
          ? [
              {
                summary: `Pid ${pid}${holder?.command ? ` runs \`${holder.command}\`` : ""}: look at it, then end it if it is a stuck go command`,
                commands: [`ps -o pid,etime,args -p ${pid}`, `kill ${pid}`],
                caution: "Only end it if nothing needs it (an IDE or another build may be using it); a killed download leaves a partial file the next run replaces.",
              },
            ]
          : [{ summary: "Find the holder of the lock", commands: [`cat /proc/locks`, `lsof +D ${cacheDir(e)}/cache/download 2>/dev/null | grep '\\.lock'`] }],
    }),
  ];
}

function notWritable(e: Evidence): Finding[] {
  const mc = firstProbed(e, "modcache")?.facts;
  const lines = errorLines(e, /(?:mkdir|open|write|rename|remove|unlinkat|chmod|create) [^\s]+: (?:permission denied|read-only file system)/i);
  if ((!mc || mc.writable) && lines.length === 0) return [];
  const dir = cacheDir(e);
  const readOnly = /read-only/i.test([mc?.writeError ?? "", ...lines].join(" "));
  return [
    makeFinding(CACHE_NOT_WRITABLE, {
      title: `The module cache ${dir} is not writable${readOnly ? " (read-only file system)" : ""}`,
      severity: failingSeverity(e),
      confidence: lines.length > 0 ? 0.9 : 0.85,
      why: "The go command cannot create files in the module cache, so no download can be stored.",
      evidence: [...(mc?.writeError ? [`probe modcache: ${mc.writeError}`] : []), ...lines].slice(0, 4),
      fixes: [
        ...(readOnly
          ? []
          : [{ summary: "Give the cache back to your user (it was likely created by root or another user)", commands: [`sudo chown -R "$(id -u):$(id -g)" ${dir}`] }]),
        { summary: "Or use a writable cache directory", commands: ['go env -w GOMODCACHE="$HOME/go/pkg/mod"'] },
      ],
    }),
  ];
}

function diskFull(e: Evidence): Finding[] {
  const mc = firstProbed(e, "modcache")?.facts;
  const lines = errorLines(e, /no space left on device|disk quota exceeded/i);
  const low = mc?.freeBytes !== undefined && mc.freeBytes < LOW_SPACE;
  if (!low && lines.length === 0) return [];
  const dir = cacheDir(e);
  return [
    makeFinding(DISK_FULL, {
      title: `No space left for the module cache${mc?.freeBytes !== undefined ? ` (${formatBytes(mc.freeBytes)} free)` : ""}`,
      severity: lines.length > 0 ? "blocker" : failingSeverity(e),
      confidence: lines.length > 0 ? 0.95 : 0.7,
      why: "Module zips and their extracted trees need room; the file system holding the module cache is full or nearly so.",
      evidence: [...(mc?.freeBytes !== undefined ? [`${dir}: ${formatBytes(mc.freeBytes)} free of ${formatBytes(mc.totalBytes ?? 0)}`] : []), ...lines].slice(0, 4),
      fixes: [
        { summary: "See what uses the space", commands: [`df -h ${dir}`, `du -sh ${dir}`] },
        { summary: "Clear the module cache", commands: ["go clean -modcache"], caution: "This discards the whole module cache: every module is downloaded again." },
      ],
    }),
  ];
}

function orphans(e: Evidence): Finding[] {
  let mc = firstProbed(e, "modcache")?.facts;
  if (!mc) return [];
  // Partial files younger than this run are its own ended download, not leftovers.
  const runMs = e.trace?.endedMs ?? e.trace?.lastProgressMs;
  const left = runMs === undefined ? mc.orphans : mc.orphans.filter((o) => o.ageMs > runMs + 5_000);
  if (left.length === 0) return [];
  mc = { ...mc, orphans: left };
  const bytes = mc.orphans.reduce((n, o) => n + o.bytes, 0);
  return [
    makeFinding(CACHE_ORPHANS, {
      title: `${plural(mc.orphans.length, "partial download")} left in the module cache (${formatBytes(bytes)})`,
      severity: "info",
      confidence: 0.9,
      why: "Earlier go commands were killed mid-download; their partial files stay behind.",
      evidence: mc.orphans.slice(0, 3).map((o) => `${o.file} (${formatBytes(o.bytes)}, ${formatMs(o.ageMs)} old)`),
      fixes: [
        {
          summary: "Remove partial downloads older than an hour",
          commands: [`find ${mc.dir}/cache/download -name '*.tmp' -mmin +60 -print -delete`],
          caution: "Run it only while no go command is downloading.",
        },
      ],
    }),
  ];
}

/**
 * A lock the file system refuses (lockedfile's filelock.IsNotSupported, and
 * ENOLCK): `go: RLock FILE: function not implemented`, `Lock FILE.lock: no locks available`.
 */
const LOCK_UNSUPPORTED = /\b(?:R?Lock|lock) (\S+): (?:no locks available|function not implemented|operation not supported|not supported)\b/i;

function noLocks(e: Evidence): Finding[] {
  const lines = errorLines(e, LOCK_UNSUPPORTED);
  if (lines.length === 0) return [];
  const file = LOCK_UNSUPPORTED.exec(lines[0]!)![1]!;
  const modcache = e.ctx?.env.GOMODCACHE;
  // Outside the module cache it is the project's own file system (go.mod is read under a lock too).
  const inCache = (modcache !== undefined && modcache !== "" && file.startsWith(modcache)) || /[\\/]pkg[\\/]mod[\\/]/.test(file);
  const dir = file.replace(/[\\/][^\\/]*$/, "") || file;
  return [
    makeFinding(NO_LOCKS, {
      ...(inCache ? {} : { title: `The file system of ${dir} does not support file locks` }),
      severity: "blocker",
      confidence: 0.9,
      why: inCache
        ? "The go command locks files in the module cache and this file system refuses locks (some NFS, FUSE and network mounts)."
        : `The go command reads go.mod and go.sum under a file lock, and the file system ${dir} is on refuses locks (an Android SD card, a FUSE or network mount): ` +
          "the project itself has to live on a file system with locks.",
      evidence: lines.slice(0, 3),
      fixes: inCache
        ? [{ summary: "Put the module cache on a local disk", commands: ['go env -w GOMODCACHE="$HOME/.cache/go-mod"'] }]
        : [{ summary: "Work on a copy of the project on a local file system (your home directory)", commands: [`cp -r ${dir} ~/ && cd ~/${dir.replace(/^.*[\\/]/, "")}`] }],
    }),
  ];
}

/**
 * Windows refuses to rename a directory while another process has a file in
 * it open: go extracts a module into `DIR.tmp-N` and renames it into place,
 * and that rename fails with `Access is denied.` (golang/go#35043).
 */
const WINDOWS_RENAME = /rename (\S+\.tmp-\d+) (\S+): (?:Access is denied\.|The process cannot access the file because it is being used by another process\.)/;

function windowsRenameDenied(e: Evidence): Finding[] {
  const lines = errorLines(e, WINDOWS_RENAME);
  if (lines.length === 0) return [];
  const target = WINDOWS_RENAME.exec(lines[0]!)![2]!;
  // `...\pkg\mod\golang.org\x\tools@v0.0.0-...`: the module and version it was extracting.
  const mod = /[\\/]pkg[\\/]mod[\\/](.+)@(\S+)$/.exec(target);
  const module = mod ? mod[1]!.replace(/\\/g, "/") : undefined;
  return [
    makeFinding(LOCK_HELD, {
      title: `Another program holds files of the module cache open${module ? ` (${module}@${mod![2]})` : ""}: Windows refuses the rename`,
      severity: "blocker",
      confidence: 0.75,
      why:
        "The go command extracts a module into a temporary directory and renames it into place; Windows refuses to rename a directory while another " +
        "process has a file in it open: an editor's gopls, another go command (several tool installs at once), a search indexer or an antivirus scanning the module cache.",
      evidence: [...new Set(lines)].slice(0, 3),
      ...(module ? { modules: [module] } : {}),
      fixes: [
        { summary: "Close editors and other go commands, then retry (the half-extracted copy is redone)", commands: ["go mod download"] },
        { summary: "If it keeps happening, exclude the module cache from the antivirus's real-time scanning and from search indexing", commands: ["go env GOMODCACHE"] },
      ],
    }),
  ];
}

export const modcacheFamily: RuleFamily = {
  family: "modcache",
  causes: [LOCK_HELD, CACHE_NOT_WRITABLE, DISK_FULL, CACHE_ORPHANS, NO_LOCKS],
  evaluate(e) {
    return [...lockHeld(e), ...notWritable(e), ...diskFull(e), ...orphans(e), ...noLocks(e), ...windowsRenameDenied(e)];
  },
};
