// GMD4xx: the module cache: a lock held by another process, a cache the
// user cannot write, a full disk, leftovers of killed downloads, NFS locks.
import { firstAndMore } from "./evidence-lines.js";
import type { Finding, Fix } from "../report/schema.js";
import { formatBytes, formatMs } from "../util/format.js";
import { firstProbed } from "./facts.js";
import { requestUrlFor } from "./observe.js";
import { escapeModulePath, escapeVersion, unescapeModulePath, unescapeVersion } from "../util/modpath.js";
import { failingSeverity, makeFinding, plural, settingFix, shellQuote } from "./fixes.js";
import { settingOrigin } from "./settings-view.js";
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

export const CACHED_ZIP_BROKEN: CauseInfo = {
  code: "GMD406",
  name: "modcache-zip-broken",
  title: "A module zip already in the module cache is broken",
  explain:
    "The go command did not download the zip this run: it found `cache/download/MOD/@v/VER.zip` (and its `.ziphash`) in the module cache and " +
    "trusts it. When that copy is truncated or damaged (a CI cache restored in part, a full disk, a crash while it was written, a hand edit), " +
    "extracting it fails (`unzip FILE.zip: zip: not a valid zip file`, `zip: checksum error`, `path does not have prefix`), or, when the " +
    "`.ziphash` is gone, its hash no longer matches go.sum (`checksum mismatch`). go prints `unzip` only for a zip that passed its download checks, " +
    "and a trace without a request for the zip shows it came from the cache. Retrying never helps: remove that module's cached zip (the exact files " +
    "are named; the cache's files are read-only unless GOFLAGS has -modcacherw) and download it again, or clear the whole cache with `go clean -modcache`.",
};

export const CACHED_FILES_BROKEN: CauseInfo = {
  code: "GMD407",
  name: "modcache-files-broken",
  title: "Source files of a module already extracted in the module cache are empty",
  explain:
    "Once `GOMODCACHE/MOD@VER` exists the go command uses it as it is: it does not check the extracted files again. When they are empty " +
    "(a run killed while unpacking with GODEBUG=modcacheunzipinplace, a full disk, a restored CI cache, a file system that lost writes), " +
    "compiling reads an empty file and go/parser says `F.go:1:1: expected 'package', found 'EOF'` for a file of that module. It is no compile " +
    "error in the module and no network problem. `go mod verify` names the modules whose files differ from their hash; remove them (or the " +
    "whole cache, `go clean -modcache`) and download again.",
};

export const CACHED_GOMOD_BROKEN: CauseInfo = {
  code: "GMD408",
  name: "modcache-gomod-broken",
  title: "A go.mod already in the module cache is not a go.mod",
  explain:
    "The go command saves a module's .mod file as `cache/download/MOD/@v/VER.mod` when it downloads it, and checks it only against go.sum and " +
    "the checksum database. With neither (GOSUMDB=off, a module under GONOSUMDB or GOPRIVATE, no go.sum line) a web page that a captive portal, " +
    "a login page or a broken proxy sent in its place is saved as it is. Every later run reads it from the cache (`parsing go.mod: missing module " +
    "line`) without asking any proxy, so fixing the network or GOPROXY does not help. Remove that file and download the module again.",
};

/** The .mod file of MOD@VER in the module cache's download directory (the path keeps go's case escapes). */
export function cachedGoModPath(e: Evidence, module: string, version: string): string {
  return `${cacheDir(e)}/cache/download/${escapeModulePath(module)}/@v/${escapeVersion(version)}.mod`;
}

/** `MOD@VER: parsing go.mod: missing module line` in a traced run that did not ask for that .mod: the cache's copy. */
function cachedGoModBroken(e: Evidence): Finding[] {
  // diagnose (settings read: e.ctx) traces go's requests itself; a log without any request may lack -x.
  if (!traced(e) && e.ctx === undefined) return [];
  const hits = (e.trace?.errors ?? []).filter(
    (x) => x.module && x.version && /parsing go\.mod: missing module line/.test([x.message, ...x.details].join("\n")) && requestUrlFor(e, x.module, x.version, "mod") === undefined,
  );
  if (hits.length === 0) return [];
  const mods = [...new Map(hits.map((h) => [`${h.module}@${h.version}`, h])).values()];
  const ids = mods.map((m) => `${m.module}@${m.version}`);
  return [
    makeFinding(CACHED_GOMOD_BROKEN, {
      title: `The go.mod of ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""} in the module cache is not a go.mod`,
      severity: "blocker",
      confidence: 0.85,
      why:
        `The go command read ${ids.length === 1 ? "this module's" : "these modules'"} go.mod from the module cache (this run asked no server for it) and found no module line: ` +
        "a web page or broken answer a proxy sent earlier, saved without a checksum check (GOSUMDB=off, GONOSUMDB or GOPRIVATE, no go.sum line). " +
        "Every run reads the same file until it is removed; the network and GOPROXY are not at fault now.",
      evidence: firstAndMore(hits.map((h) => h.message), 3),
      modules: [...new Set(mods.map((m) => m.module!))],
      fixes: [
        {
          summary: "See what the cache holds, remove it, and download the module again",
          commands: [
            `head -c 300 ${shellQuote(cachedGoModPath(e, mods[0]!.module!, mods[0]!.version!))}`,
            ...mods.slice(0, 3).map((m) => `rm -f ${shellQuote(cachedGoModPath(e, m.module!, m.version!))}`),
            `go mod download -x ${ids.slice(0, 3).join(" ")}`,
          ],
          caution: "Removes only those cached go.mod files; the rest of the module cache stays.",
        },
      ],
    }),
  ];
}

/** `.../pkg/mod/MOD@VER/F.go:1:1: expected 'package', found 'EOF'`: the modules whose extracted files are empty. */
function emptyCachedFiles(e: Evidence): { module: string; version: string; line: string }[] {
  return (e.trace?.errors ?? []).flatMap((x) =>
    x.module && x.version && x.message.endsWith(": expected 'package', found 'EOF'") && /pkg[/\\]mod[/\\]/.test(x.message) ? [{ module: x.module, version: x.version, line: x.message }] : [],
  );
}

function cachedFilesBroken(e: Evidence): Finding[] {
  const hits = emptyCachedFiles(e);
  if (hits.length === 0) return [];
  // The path keeps the cache's escapes (`!b` for B): named by module path for go, by escaped path for rm.
  const mods = [...new Map(hits.map((h) => [`${h.module}@${h.version}`, h])).values()];
  const ids = mods.map((m) => `${unescapeModulePath(m.module) ?? m.module}@${unescapeVersion(m.version) ?? m.version}`);
  const dir = cacheDir(e);
  return [
    makeFinding(CACHED_FILES_BROKEN, {
      title: `Source files of ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""} in the module cache are empty`,
      severity: "blocker",
      confidence: 0.85,
      why:
        `go/parser found empty files in ${ids.length === 1 ? "a module" : `${ids.length} modules`} already extracted in the module cache. The go command trusts an extracted ` +
        "module directory without checking it again, so every build reads the same empty files: the cache's copy is damaged (an interrupted " +
        "extraction, a full disk, a partly restored cache), not the module, and no download happened.",
      evidence: firstAndMore(hits.map((h) => h.line), 3),
      modules: ids.map((id) => id.slice(0, id.lastIndexOf("@"))),
      fixes: [
        {
          summary: "See which cached modules differ from their hashes, then remove those directories and download them again",
          commands: ["go mod verify", ...mods.slice(0, 3).map((m) => `chmod -R u+w ${shellQuote(`${dir}/${m.module}@${m.version}`)} && rm -rf ${shellQuote(`${dir}/${m.module}@${m.version}`)}`), `go mod download ${ids.slice(0, 3).join(" ")}`],
          caution: "Run it while no go command is running. `go mod verify` needs a module (go.mod) that requires them; outside one, remove the directories it names above.",
        },
        { summary: "Or clear the whole module cache (everything is downloaded again)", commands: ["go clean -modcache"] },
      ],
    }),
  ];
}

const LOW_SPACE = 256 * 1024 * 1024;
/** Free space under this share of the file system, with less than LOW_SPACE free: nearly full. */
const NEARLY_FULL_SHARE = 0.1;

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
        ...(mc?.orphans ?? []).filter((o) => o.heldBy !== undefined).map((o) => `pid ${o.heldBy} is writing ${o.file} (${formatBytes(o.bytes)} so far): in use, not a leftover`),
      ].slice(0, 6),
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
  if ((!mc || mc.writable) && lines.length === 0) return notDirectory(e);
  if (mc?.notDirectory) return notDirectory(e);
  const dir = cacheDir(e);
  const readOnly = mc?.readOnlyMount === true || /read-only|EROFS/i.test([mc?.writeError ?? "", ...lines].join(" "));
  const point = mc?.readOnlyMountPoint;
  return [
    makeFinding(CACHE_NOT_WRITABLE, {
      title: `The module cache ${dir} is not writable${readOnly ? " (read-only file system)" : ""}`,
      severity: failingSeverity(e),
      confidence: lines.length > 0 ? 0.9 : 0.85,
      why:
        "The go command cannot create files in the module cache, so no download can be stored." +
        (readOnly ? ` The file system holding it is mounted read-only${point ? ` (at ${point})` : ""}: no permission change helps.` : ""),
      evidence: [...(mc?.writeError ? [`probe modcache: ${mc.writeError}`] : []), ...firstAndMore(lines)],
      fixes: [
        readOnly
          ? {
              summary: `Mount ${point ?? "the file system holding the cache"} read-write`,
              commands: [`findmnt -T ${shellQuote(dir)}`, ...(point ? [`sudo mount -o remount,rw ${shellQuote(point)}`] : [])],
              caution: "In a container or CI job the volume is mounted read-only (`:ro`, `readOnly: true`, a read-only root file system): change it where the mount is declared.",
            }
          : { summary: "Give the cache back to your user (it was likely created by root or another user)", commands: [`sudo chown -R "$(id -u):$(id -g)" ${dir}`] },
        otherCacheFix(e, dir),
      ],
    }),
  ];
}

/** go's words when GOMODCACHE (or a parent) is a file: `could not create module cache: "DIR" is not a directory` (or mkdir's ENOTDIR). */
const NOT_A_DIRECTORY = /could not create module cache: (?:"([^"]+)" is not a directory|mkdir (\S+): not a directory)/;

/** GOMODCACHE names a file, or a path under one: go cannot create the cache there, and no chown helps. */
function notDirectory(e: Evidence): Finding[] {
  const mc = firstProbed(e, "modcache")?.facts;
  const lines = errorLines(e, NOT_A_DIRECTORY);
  if (!mc?.notDirectory && lines.length === 0) return [];
  const dir = cacheDir(e);
  const named = lines.length > 0 ? NOT_A_DIRECTORY.exec(lines[0]!) : null;
  const file = mc?.notDirectory ?? named?.[1] ?? named?.[2] ?? dir;
  const under = file !== dir && dir.startsWith(`${file}/`);
  return [
    makeFinding(CACHE_NOT_WRITABLE, {
      title: under ? `The module cache ${dir} cannot be created: ${file} is a file` : `The module cache ${dir} is a file, not a directory`,
      severity: failingSeverity(e),
      confidence: 0.95,
      why:
        `GOMODCACHE must be a directory the go command can create and write; ${under ? `${file}, on its path, is` : "that path is"} a file, ` +
        "so no download can be stored (go: `could not create module cache`). A file left by a script or a mistyped GOMODCACHE, often.",
      evidence: [...(mc?.notDirectory ? [`probe modcache: ${mc.notDirectory} is not a directory`] : []), ...lines].slice(0, 3),
      fixes: [
        {
          summary: `See what ${file} is, and move it out of the way (the go command creates the cache directory itself)`,
          commands: [`ls -ld ${shellQuote(file)}`, `mv ${shellQuote(file)} ${shellQuote(`${file}.bak`)}`],
        },
        otherCacheFix(e, dir),
      ],
    }),
  ];
}

/**
 * Another cache directory, one the probe found this user could create when it
 * looked ($HOME/go/pkg/mod, $HOME/.cache/go-mod, $TMPDIR/go-mod); set where
 * GOMODCACHE is set (the environment wins over `go env -w`), and exported when
 * the go env file itself cannot be written (a read-only home).
 */
function otherCacheFix(e: Evidence, dir: string): Fix {
  const mc = firstProbed(e, "modcache")?.facts;
  const home = e.ctx?.process.HOME;
  const other = mc?.writableAlternative ?? (home && dir === `${home}/go/pkg/mod` ? `${home}/.cache/go-mod` : `${home ?? "$HOME"}/go/pkg/mod`);
  // go needs an absolute path: under the home it is written $HOME/..., which the shell expands.
  const value = home && other.startsWith(`${home}/`) ? `$HOME${other.slice(home.length)}` : other;
  const summary = "Or use a writable cache directory";
  const none = mc !== undefined && !mc.writable && mc.writableAlternative === undefined;
  const noPlace = none ? "No usual place (home, temporary directory) was writable when gomod-doctor looked: mount a writable volume and put the cache there." : undefined;
  if (mc?.goEnvFileWritable === false && settingOrigin(e, "GOMODCACHE").from !== "environment") {
    const noFile = `\`go env -w\` cannot write its file (${e.ctx?.env.GOENV ?? "GOENV"}) here either: set GOMODCACHE in the environment where go runs.`;
    return { summary, commands: [`export GOMODCACHE=${shellQuote(value)}`], caution: [noFile, noPlace].filter(Boolean).join(" ") };
  }
  return settingFix(e, summary, "GOMODCACHE", value, noPlace);
}

/** The file or directory a failed write names: `mkdir DIR: `, `write FILE: `, `open FILE: ` (os.PathError). */
const WRITTEN_PATH = /\b(?:mkdir|write|open|create|rename \S+) ((?:[A-Za-z]:)?[\\/][^\s:]*)/;

/** The directory of a path (itself when it ends with a separator). */
function parentDir(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const at = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return at > 0 ? trimmed.slice(0, at) : trimmed || path;
}

function diskFull(e: Evidence): Finding[] {
  const mc = firstProbed(e, "modcache")?.facts;
  const lines = errorLines(e, /no space left on device|disk quota exceeded/i);
  // Nothing can be written on a read-only mount whatever its free space (a small one reads as "low"): GMD402 tells it.
  // A small file system that is mostly free (a CI tmpfs) is not "full or nearly so": go's own `no space left` would say if it ran out.
  const nearlyFull = mc?.freeBytes !== undefined && (!mc.totalBytes || mc.freeBytes / mc.totalBytes < NEARLY_FULL_SHARE);
  const low = mc?.freeBytes !== undefined && mc.freeBytes < LOW_SPACE && nearlyFull && mc.readOnlyMount !== true;
  if (!low && lines.length === 0) return [];
  // go's line names the directory it could not write: outside the module cache (GOPATH mode's src/, a build or temp
  // directory) the full file system is that one, not necessarily GOMODCACHE's.
  const written = lines.map((l) => WRITTEN_PATH.exec(l)?.[1]).find((p) => p !== undefined);
  const elsewhere = written !== undefined && !/[\\/]pkg[\\/]mod(?:[\\/]|$)/.test(written) && mc?.freeBytes === undefined ? parentDir(written) : undefined;
  const dir = elsewhere ?? cacheDir(e);
  return [
    makeFinding(DISK_FULL, {
      title: elsewhere
        ? `No space left on the file system holding ${elsewhere}`
        : `No space left for the module cache${mc?.freeBytes !== undefined ? ` (${formatBytes(mc.freeBytes)} free)` : ""}`,
      severity: lines.length > 0 ? "blocker" : failingSeverity(e),
      confidence: lines.length > 0 ? 0.95 : 0.7,
      why: elsewhere
        ? `The go command could not write under ${elsewhere}: the file system holding it is full (GOPATH mode's src/, a build or temporary directory). ` +
          "Free space there; go's module and build caches may share that file system."
        : "Module zips and their extracted trees need room; the file system holding the module cache is full or nearly so.",
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
  // One whose version lock a live process holds is being written by it (another go command): in use, not left over.
  const idle = mc.orphans.filter((o) => o.heldBy === undefined);
  const left = runMs === undefined ? idle : idle.filter((o) => o.ageMs > runMs + 5_000);
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

/** `unzip FILE.zip: ERR`: go extracting a zip that passed its download checks (modfetch/fetch.go's download prints `-> ` and returns it). */
const UNZIP = /\bunzip (\S+[\\/]cache[\\/]download[\\/](\S+?)[\\/]@v[\\/](\S+?)\.zip): (.+)$/;
/** What a damaged zip gives when it is read: the hash of a cached zip re-read (no .ziphash) too. */
const ZIP_DAMAGE = /zip: not a valid zip file|zip: checksum error|zip: unsupported compression|unexpected EOF|path does not have prefix|checksum mismatch/;

interface BrokenZip {
  module: string;
  version: string;
  file?: string;
  error: string;
  line: string;
}

/** The zip of MOD@VER was requested this run (from the trace). */
function zipRequested(e: Evidence, module: string, version: string): boolean {
  return requestUrlFor(e, module, version, "zip") !== undefined;
}

/**
 * Whether the trace shows go's requests (-x): then a zip without a request
 * came from the cache. A run that asked nothing at all looks the same as one
 * without -x, so it takes at least one request.
 */
function traced(e: Evidence): boolean {
  return (e.trace?.requests.length ?? 0) > 0;
}

function brokenZips(e: Evidence): BrokenZip[] {
  const out: BrokenZip[] = [];
  for (const err of e.trace?.errors ?? []) {
    const lines = [err.message, ...err.details];
    const unzip = lines.map((l) => UNZIP.exec(l)).find((m) => m && ZIP_DAMAGE.test(m[4]!));
    if (unzip) {
      const module = unescapeModulePath(unzip[2]!.replace(/\\/g, "/"));
      const version = unescapeVersion(unzip[3]!);
      if (module && version && !zipRequested(e, module, version)) out.push({ module, version, file: unzip[1]!, error: unzip[4]!, line: localLine(unzip[0], lines) });
      continue;
    }
    // No path named: `MOD@VER: zip: not a valid zip file` (a cached zip re-hashed), `verifying MOD@VER: checksum mismatch` with `downloaded:`.
    if (!err.module || !err.version || err.version.endsWith("/go.mod") || !traced(e)) continue;
    const all = lines.join("\n");
    const damaged = /zip: not a valid zip file|zip: checksum error/.test(all) || (/checksum mismatch/.test(all) && /^\s*downloaded: /m.test(all) && /go\.(?:work\.)?sum: /.test(all));
    if (!damaged || /\/go\.mod: checksum mismatch/.test(all) || zipRequested(e, err.module, err.version)) continue;
    out.push({ module: err.module, version: err.version, error: /checksum mismatch/.test(all) ? "checksum mismatch against go.sum" : "not a valid zip file", line: err.message });
  }
  const seen = new Set<string>();
  return out.filter((z) => !seen.has(`${z.module}@${z.version}`) && seen.add(`${z.module}@${z.version}`));
}

/** The line of the error that holds the match (for evidence). */
function localLine(match: string, lines: string[]): string {
  return lines.find((l) => l.includes(match)) ?? match;
}

function cachedZipBroken(e: Evidence): Finding[] {
  const zips = brokenZips(e);
  if (zips.length === 0) return [];
  const mc = firstProbed(e, "modcache")?.facts;
  const dir = cacheDir(e);
  const first = zips[0]!;
  const ids = zips.map((z) => `${z.module}@${z.version}`);
  const rm = zips.map((z) => {
    const stem = z.file ? z.file.slice(0, -".zip".length) : `${dir}/cache/download/${escapeModulePath(z.module)}/@v/${escapeVersion(z.version)}`;
    return `rm -f ${shellQuote(`${stem}.zip`)} ${shellQuote(`${stem}.ziphash`)}`;
  });
  const evidence = zips.slice(0, 3).flatMap((z) => {
    const facts = z.file ? mc?.namedZips?.find((n) => n.file === z.file) : undefined;
    const now = facts
      ? facts.exists
        ? `${z.file}: ${formatBytes(facts.bytes ?? 0)}, written ${formatMs(facts.ageMs ?? 0)} ago${facts.ziphash ? ", with its .ziphash (go trusts it without re-checking)" : ", no .ziphash"}`
        : `${z.file}: gone now (removed since the error)`
      : undefined;
    return [
      z.line,
      ...(now ? [now] : []),
      // A live run is traced (diagnose adds -x); a log is when it shows requests.
      e.outcome !== "analyzed" || traced(e) ? `no request for ${z.module}@${z.version}'s zip in the trace: the go command read the copy already in the cache` : `go prints \`unzip\` only for a zip that passed its download checks: the copy in the cache`,
    ];
  });
  return [
    makeFinding(CACHED_ZIP_BROKEN, {
      title: `The cached zip of ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""} in the module cache is broken (${first.error})`,
      severity: "blocker",
      confidence: traced(e) ? 0.9 : 0.8,
      why:
        "The go command did not download this zip in this run: it used the copy already in the module cache, and that copy is damaged " +
        "(a partly restored CI cache, a full disk or a crash while it was written). No proxy is involved, and retrying reads the same broken file.",
      evidence: evidence.slice(0, 6),
      modules: [...new Set(zips.map((z) => z.module))],
      fixes: [
        {
          summary: `Remove ${zips.length === 1 ? "that module's" : "those modules'"} cached zip and its hash, then download again`,
          commands: [...rm, `go mod download -x ${ids.join(" ")}`],
          caution:
            "Run it while no go command is running. Files under cache/download can be removed as they are; an extracted tree (MOD@VER beside it) " +
            `is read-only unless GOFLAGS has -modcacherw${mc?.goflags.modcacherw ? " (it has here)" : ""}: \`chmod -R u+w\` it first, or use \`go clean -modcache\`.`,
        },
        { summary: "Or clear the whole module cache (everything is downloaded again)", commands: ["go clean -modcache"] },
      ],
    }),
  ];
}

export const modcacheFamily: RuleFamily = {
  family: "modcache",
  causes: [LOCK_HELD, CACHE_NOT_WRITABLE, DISK_FULL, CACHE_ORPHANS, NO_LOCKS, CACHED_ZIP_BROKEN, CACHED_FILES_BROKEN, CACHED_GOMOD_BROKEN],
  evaluate(e) {
    return [...lockHeld(e), ...notWritable(e), ...diskFull(e), ...orphans(e), ...noLocks(e), ...windowsRenameDenied(e), ...cachedZipBroken(e), ...cachedFilesBroken(e), ...cachedGoModBroken(e)];
  },
};
