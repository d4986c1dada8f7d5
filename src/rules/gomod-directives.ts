// GMD311-315: go.mod's own replace and exclude lines breaking the download:
// a replace naming a version that does not exist, a replace by a directory
// that is not there, an exclude of the very version go.mod requires, and (GMD315)
// `go install MOD@VER` refusing a module whose own go.mod has such lines. go names
// the module, never the directive; these findings quote the directive.
import type { ReplaceDirState, Replacement } from "../context/types.js";
import type { Finding, Fix } from "../report/schema.js";
import type { GoErrorState } from "../stall/types.js";
import { failingSeverity, makeFinding, shellQuote } from "./fixes.js";
import { serverResponse } from "./hosts.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { replaceDirective } from "./replacements.js";

export const REPLACE_VERSION_MISSING: CauseInfo = {
  code: "GMD311",
  name: "replace-version-missing",
  title: "A go.mod replace names a module version that does not exist",
  explain:
    "A `replace OLD => NEW VERSION` line makes the go command fetch NEW@VERSION instead of the required module. When that version does not " +
    "exist (a typo, a tag never pushed, a fork without that tag), the proxy answers 404/410 or the repository says `unknown revision`, and go " +
    "reports it under the original module (`OLD@V (replaced by NEW@VERSION)`). The required version is not what is wrong, nor GOPRIVATE: " +
    "list the versions that exist and correct the replace (`go mod edit -replace`), or drop it.",
};

export const REPLACE_DIR_MISSING: CauseInfo = {
  code: "GMD312",
  name: "replace-dir-missing",
  title: "A go.mod replace points at a directory that is missing or holds no go.mod",
  explain:
    "A `replace OLD => ../path` line makes the go command read the module from that directory, which must hold its go.mod. When the " +
    "directory is not there (not checked out, a git submodule not initialised, a path that only exists on another machine) go fails with " +
    "`reading ../path/go.mod: ... no such file or directory` or `replacement directory ../path does not exist`, and stops at the first such replace. gomod-doctor checks every directory " +
    "replace of go.mod (and go.work) on disk and lists all broken ones together. Put the modules there, or drop the replaces to use the required versions.",
};

export const EXCLUDED_REQUIREMENT: CauseInfo = {
  code: "GMD313",
  name: "excluded-requirement",
  title: "go.mod excludes the version it requires",
  explain:
    "An `exclude MOD VERSION` line naming the very version a require line asks for makes the go command drop that requirement " +
    "(`go: dropping requirement on excluded version ...`); `go mod download` then knows no version of the module (`not a known " +
    "dependency`) and builds cannot find its packages. Require a version that is not excluded, or drop the exclude.",
};

export const INSTALL_DIRECTIVES: CauseInfo = {
  code: "GMD315",
  name: "install-replace-directives",
  title: "go install MOD@VERSION refuses a module whose go.mod has replace or exclude directives",
  explain:
    "`go install PKG@VERSION` (and `go run PKG@VERSION`) builds the package outside any main module, so the module's own go.mod would not apply " +
    "its `replace` and `exclude` lines; rather than build something else than its authors do, the go command refuses (`The go.mod file for the " +
    "module providing named packages contains one or more replace directives`). The download worked: no network setting, proxy or " +
    "credential is involved. Build it from a clone of its repository (where the directives apply), use the authors' release binaries, or ask " +
    "them to drop the directives from go.mod.",
};

/**
 * modload's refusal, on tab-indented lines under the head (pasted, the tabs may be spaces and the lines broken elsewhere):
 * `The go.mod file for the module providing named packages contains one or\n\tmore replace directives. ...`.
 */
const INSTALL_REFUSAL = /The go\.mod file for the module providing named packages contains one\s+or\s+more\s+(replace|exclude|exclude\s+or\s+replace)\s+directives/;
/** go1.17+: `go: PKG@QUERY (in MOD@VER):`; go1.16 names them bare: `go install PKG@VER: MOD@VER`. */
const INSTALL_IN = /(\S+?)@(\S+) \(in (\S+?)@(\S+?)\):?\s*$/;
const AT = /([^\s:@]+)@([^\s:]+)/g;

/** PKG, QUERY, MOD and VER of the install that was refused. */
function installTarget(message: string): [string, string, string, string] | undefined {
  const m = INSTALL_IN.exec(message);
  if (m) return [m[1]!, m[2]!, m[3]!, m[4]!];
  const named = [...message.matchAll(AT)];
  const [first, last] = [named[0], named[named.length - 1]];
  return first && last ? [first[1]!, first[2]!, last[1]!, last[2]!] : undefined;
}

function installDirectives(e: Evidence): Finding[] {
  for (const err of e.trace?.errors ?? []) {
    const refusal = INSTALL_REFUSAL.exec(errorText(err));
    const target = refusal ? installTarget(err.message) : undefined;
    if (!refusal || !target) continue;
    const [pkg, query, module, version] = target;
    const directives = refusal[1]!.replace(/\s+/g, " ");
    // The module path usually names its repository (github.com/o/r); a vanity path's repository is in its go-import tag.
    const hosted = /^(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\//.test(module);
    const repo = hosted ? `https://${module.split("/").slice(0, 3).join("/")}` : `https://${module}`;
    const dir = module.split("/").slice(0, 3).pop()!;
    const sub = pkg.startsWith(`${module}/`) ? `./${pkg.slice(module.length + 1)}` : ".";
    return [
      makeFinding(INSTALL_DIRECTIVES, {
        title: `go install ${pkg}@${query} refuses ${module}@${version}: its go.mod has ${directives} directives`,
        severity: failingSeverity(e),
        confidence: 0.95,
        why:
          `${module}@${version} was downloaded; the go command then refused to build it, because \`go install PKG@VERSION\` ignores a module's own ` +
          `${directives} directives and will not build something else than its authors do. Nothing on the network is at fault.`,
        evidence: [err.message, ...err.details].slice(0, 4),
        modules: [module],
        fixes: [
          {
            summary: `Build it from a clone of its repository, where go.mod's ${directives} directives apply`,
            commands: [`git clone --depth 1 --branch ${version} ${repo} && cd ${dir}`, `go install ${sub}`],
            caution: !hosted ? `${module} may not be the repository's URL: \`curl -s 'https://${module}?go-get=1'\` shows its go-import tag.` : undefined,
          },
          { summary: "Or use the release binaries its authors publish, or ask them to drop the directives from go.mod", commands: [] },
        ],
      }),
    ];
  }
  return [];
}

/** `MOD@VER (replaced by NEW@NEWVER): rest` or `MOD@VER (replaced by ../dir): rest`, as modload's VersionError prints them. */
const REPLACED = /(\S+?)@(\S+) \(replaced by ([^)\s]+)\): (.*)$/;
/** An answer that the replacement's version is not there (proxy or repository). */
const NOT_THERE = /: 404 Not Found|: 410 Gone|unknown revision|invalid version|no matching versions|not found: /;
/** Signs that the replacement is private and the answer is about access, not existence (private.ts, vcs.ts judge those). */
const ACCESS = /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|Permission denied|40[13] /;

interface MissingReplacement {
  err: GoErrorState;
  oldPath: string;
  oldVersion: string;
  newPath: string;
  newVersion: string;
}

function errorText(x: GoErrorState): string {
  return [x.message, ...x.details].join("\n");
}

/** The replace line of go.mod for `oldPath`, as evidence, when the settings were read. */
function replaceLine(e: Evidence, oldPath: string): string | undefined {
  const r = e.ctx?.mod.replace.find((x) => x.oldPath === oldPath);
  return r ? replaceDirective(r) : undefined;
}

/** Errors saying a module replacement (by another module version) does not exist. */
export function missingReplacements(e: Evidence): MissingReplacement[] {
  const out: MissingReplacement[] = [];
  for (const err of e.trace?.errors ?? []) {
    const m = REPLACED.exec(err.message);
    if (!m) continue;
    const [, oldPath, oldVersion, target, rest] = m as unknown as [string, string, string, string, string];
    const at = target.lastIndexOf("@");
    if (at <= 0 || isLocalPath(target)) continue;
    const text = [rest, ...err.details].join("\n");
    if (!NOT_THERE.test(text)) continue;
    // A fork on another (private) path refused for want of credentials is an access problem, not a missing version.
    const newPath = target.slice(0, at);
    if (newPath !== oldPath && ACCESS.test(text)) continue;
    out.push({ err, oldPath, oldVersion, newPath, newVersion: target.slice(at + 1) });
  }
  return out;
}

/** `path@version` of every replacement target found missing: private.ts leaves their 404s to this family. */
export function missingReplacementTargets(e: Evidence): Set<string> {
  return new Set(missingReplacements(e).map((r) => `${r.newPath}@${r.newVersion}`));
}

function isLocalPath(p: string): boolean {
  return /^(?:\.\.?[/\\]|\.\.?$|\/|[A-Za-z]:[/\\])/.test(p);
}

function replaceVersions(e: Evidence): Finding[] {
  const hits = missingReplacements(e);
  const byTarget = new Map<string, MissingReplacement>();
  for (const h of hits) if (!byTarget.has(`${h.oldPath}=>${h.newPath}@${h.newVersion}`)) byTarget.set(`${h.oldPath}=>${h.newPath}@${h.newVersion}`, h);
  return [...byTarget.values()].map((h) => {
    const line = replaceLine(e, h.oldPath);
    const response = serverResponse(h.err.details);
    return makeFinding(REPLACE_VERSION_MISSING, {
      title: `go.mod replaces ${h.oldPath} with ${h.newPath}@${h.newVersion}, a version that does not exist`,
      severity: failingSeverity(e),
      confidence: 0.85,
      why:
        `go.mod's replace sends every use of ${h.oldPath} to ${h.newPath}@${h.newVersion}, and the server answered that this version does not exist. ` +
        `The required ${h.oldPath}@${h.oldVersion} is not what was fetched; correct the replace.`,
      evidence: [h.err.message, ...(response ? [response.split("\n")[0]!] : []), ...(line ? [line] : [])].slice(0, 4),
      modules: [h.oldPath],
      fixes: [
        { summary: `List the versions of ${h.newPath} that exist`, commands: [`go list -m -versions ${h.newPath}`] },
        {
          summary: "Point the replace at a version that exists",
          commands: [`go mod edit -replace=${h.oldPath}=${h.newPath}@<VERSION>`],
          caution: "This edits go.mod: commit it so every machine and CI reads the same line.",
        },
        { summary: `Or drop the replace and use the required ${h.oldPath}@${h.oldVersion}`, commands: [`go mod edit -dropreplace=${h.oldPath}`] },
      ],
    });
  });
}

interface MissingDir {
  err: GoErrorState;
  module: string;
  version: string;
  dir: string;
  /** The absolute path go tried, when it says. */
  resolved?: string;
}

/** `replacement directory DIR does not exist` (build, import) or reading DIR/go.mod failing with ENOENT (module graph). */
const DIR_MISSING = /(\S+?)@(\S+): replacement directory (\S+) does not exist/;
const GOMOD_MISSING = /(?:reading|parsing) \S+\/go\.mod: open (\S+)\/go\.mod: (?:no such file or directory|The system cannot find the (?:file|path) specified)/;
/**
 * go1.14-1.16: `MOD@VER: parsing DIR/go.mod: open DIR/go.mod: ENOENT`, without `(replaced by DIR)`. go opens
 * a go.mod file by its path only for a directory replace (a fetched module's comes from the cache's .mod).
 */
const PARSING_DIR_GOMOD = /(?:^|\s)([^\s@:"]+)@([^\s@:"]+): parsing (\S+)\/go\.mod: open \3\/go\.mod: /;

function missingDirs(e: Evidence): MissingDir[] {
  const out: MissingDir[] = [];
  for (const err of e.trace?.errors ?? []) {
    const text = errorText(err);
    const gone = DIR_MISSING.exec(text);
    if (gone) {
      out.push({ err, module: gone[1]!.replace(/^.*\s/, ""), version: gone[2]!, dir: gone[3]! });
      continue;
    }
    const m = REPLACED.exec(err.message);
    const open = GOMOD_MISSING.exec(text);
    if (m && open && isLocalPath(m[3]!)) {
      out.push({ err, module: m[1]!, version: m[2]!, dir: m[3]!, resolved: open[1]! });
      continue;
    }
    const parsing = open ? PARSING_DIR_GOMOD.exec(text) : null;
    if (parsing) out.push({ err, module: parsing[1]!, version: parsing[2]!, dir: parsing[3]! });
  }
  return out;
}

const DIR_STATE_TEXT: Record<Exclude<ReplaceDirState, "ok">, string> = {
  missing: "does not exist",
  "not-a-directory": "is a file, not a directory",
  "no-go-mod": "holds no go.mod",
};

/** Directory replaces found broken on disk when the settings were read (context/replace-dirs.ts). */
function brokenReplaceDirs(e: Evidence): (Replacement & { dir: string; dirState: Exclude<ReplaceDirState, "ok"> })[] {
  return (e.ctx?.mod.replace ?? []).flatMap((r) => (r.dir && r.dirState && r.dirState !== "ok" ? [{ ...r, dir: r.dir, dirState: r.dirState }] : []));
}

/** One finding per go error, when go.mod's directories were not checked here (a saved log read elsewhere). */
function replaceDirsFromErrors(e: Evidence, hits: MissingDir[]): Finding[] {
  return hits.map((h) => {
    const line = replaceLine(e, h.module);
    const where = h.resolved ?? h.dir;
    return makeFinding(REPLACE_DIR_MISSING, {
      title: `go.mod replaces ${h.module} with ${h.dir}, ${h.resolved ? "where the go command found no go.mod" : "which does not exist"}`,
      severity: failingSeverity(e),
      confidence: 0.9,
      why:
        `go.mod's replace makes the go command read ${h.module} from the directory ${h.dir}${h.resolved ? ` (${h.resolved})` : ""}, and ` +
        (h.resolved ? `it could not open ${where}/go.mod: the directory is not there, or it does not hold the module's go.mod (this machine's disk was not checked).` : "that directory does not exist.") +
        " It is usually a checkout next to this one (a sibling repository, a git submodule) that this machine does not have.",
      evidence: [h.err.message, ...(line ? [line] : [])].slice(0, 4),
      modules: [h.module],
      fixes: replaceDirFixes([{ module: h.module, dir: h.dir, where, version: h.version }]),
    });
  });
}

/** The version go writes in a require for a module that only a directory replace provides. */
const ZERO_PSEUDO = "v0.0.0-00010101000000-000000000000";

function replaceDirFixes(dirs: { module: string; dir: string; where: string; version?: string; file?: "go.work" }[]): Fix[] {
  const edits = (file: "go.mod" | "go.work") => dirs.filter((d) => (d.file ?? "go.mod") === file).map((d) => `-dropreplace=${d.module}`);
  const drop = [
    ...(edits("go.mod").length > 0 ? [`go mod edit ${edits("go.mod").join(" ")}`] : []),
    ...(edits("go.work").length > 0 ? [`go work edit ${edits("go.work").join(" ")}`] : []),
  ];
  const one = dirs.length === 1 ? dirs[0] : undefined;
  return [
    {
      summary: one
        ? `Put the module at ${one.dir} (clone it, or initialise the submodule), relative to the directory of ${one.file ?? "go.mod"}`
        : "Put each module at its directory (clone them, or initialise the submodules), relative to the directory of the file with the replace",
      commands: [`ls -la ${dirs.map((d) => shellQuote(d.where)).join(" ")}`, "git submodule update --init --recursive"],
    },
    one?.version === ZERO_PSEUDO
      ? {
          // The zeros are what go writes for a module only a replace provides: no such version can be downloaded.
          summary: `Or drop the replace and require a published version of ${one.module} (the required ${ZERO_PSEUDO} is a placeholder only a replace satisfies)`,
          commands: [...drop, `go get ${one.module}@latest`],
          caution: "This edits go.mod: commit it only if the local copy is no longer needed (a go.work file can hold local replacements per machine).",
        }
      : {
          summary: one ? `Or drop the replace to use the required ${one.module}${one.version ? `@${one.version}` : ""}` : "Or drop the replaces to use the required versions",
          commands: drop,
          caution: "This edits the file: commit it only if the local copy is no longer needed (a go.work file can hold local replacements per machine).",
        },
  ];
}

/**
 * GMD312. go stops at the first directory replace it cannot read, so the
 * check of go.mod's lines (made when the settings were read) lists every
 * broken one together; go's own error, when there is one, confirms it.
 */
function replaceDirs(e: Evidence): Finding[] {
  const seen = new Set<string>();
  const hits = missingDirs(e).filter((h) => !seen.has(h.module) && seen.add(h.module));
  const broken = brokenReplaceDirs(e);
  if (broken.length === 0) return replaceDirsFromErrors(e, hits);
  // go's errors for a replace the check did not find broken (a log from another machine) keep their own finding.
  const others = replaceDirsFromErrors(e, hits.filter((h) => !broken.some((b) => b.oldPath === h.module)));
  const confirmed = hits.filter((h) => broken.some((b) => b.oldPath === h.module));
  // go reads a replacement only for a module in the build graph: one go.mod requires is read on every load.
  const required = broken.filter((b) => e.ctx?.mod.require.some((r) => r.path === b.oldPath));
  const each = (b: (typeof broken)[number]) => `${b.oldPath} (${b.newPath} ${DIR_STATE_TEXT[b.dirState]})`;
  const one = broken.length === 1 ? broken[0]! : undefined;
  const unread = confirmed.length === 0 && required.length === 0;
  return [
    makeFinding(REPLACE_DIR_MISSING, {
      title: one
        ? `${one.file ?? "go.mod"} replaces ${one.oldPath} with ${one.newPath}, which ${DIR_STATE_TEXT[one.dirState]}`
        : `${broken.length} directory replaces point at no module: ${broken.map(each).join(", ")}`,
      severity: unread ? "warning" : failingSeverity(e),
      confidence: confirmed.length > 0 ? 0.95 : unread ? 0.6 : 0.85,
      why:
        `A replace by a directory makes the go command read the module's go.mod from that directory. Checked on this machine: ` +
        broken.map((b) => `${b.dir} ${DIR_STATE_TEXT[b.dirState]} (for ${b.oldPath})`).join("; ") +
        ". " +
        (confirmed.length > 0
          ? `The go command stops at the first it cannot read (${confirmed[0]!.module})${broken.length > 1 ? ", so its error names only that one; the others fail next" : ""}. `
          : unread
            ? "go.mod does not require these modules itself, so the go command reads them only when another requirement pulls them in. "
            : "") +
        "It is usually a checkout next to this one (a sibling repository, a git submodule) that this machine does not have.",
      evidence: [...confirmed.slice(0, 1).map((h) => h.err.message), ...broken.map((b) => `${replaceDirective(b)}: ${b.dir} ${DIR_STATE_TEXT[b.dirState]}`)].slice(0, 9),
      modules: broken.map((b) => b.oldPath),
      fixes: replaceDirFixes(
        broken.map((b) => {
          const version = e.ctx?.mod.require.find((r) => r.path === b.oldPath)?.version ?? b.oldVersion;
          return { module: b.oldPath, dir: b.newPath, where: b.dir, ...(b.file ? { file: b.file } : {}), ...(version ? { version } : {}) };
        }),
      ),
    }),
    ...others,
  ];
}

/** modload/init.go: `dropping` with -mod=mod, `ignoring` otherwise. */
const EXCLUDED = /go: (?:dropping|ignoring) requirement on excluded version (\S+) (\S+)/;

function excluded(e: Evidence): Finding[] {
  const errors = e.trace?.errors ?? [];
  const seen = new Set<string>();
  const hits = errors.flatMap((x) => errorText(x).split("\n").flatMap((l) => {
    const m = EXCLUDED.exec(l);
    return m ? [{ line: m[0], module: m[1]!, version: m[2]! }] : [];
  })).filter((h) => !seen.has(`${h.module}@${h.version}`) && seen.add(`${h.module}@${h.version}`));
  return hits.map((h) => {
    const after = errors.map((x) => x.message).filter((m) => m.includes(h.module) && !EXCLUDED.test(m));
    const fromMod = e.ctx?.mod.exclude.some((x) => x.path === h.module && x.version === h.version);
    return makeFinding(EXCLUDED_REQUIREMENT, {
      title: `go.mod excludes ${h.module} ${h.version}, the version it requires`,
      severity: after.length > 0 ? failingSeverity(e) : "warning",
      confidence: 0.9,
      why:
        `go.mod both requires ${h.module} ${h.version} and excludes that version, so the go command drops the requirement` +
        (after.length > 0 ? " and then knows no version of the module to fetch or build with." : "."),
      evidence: [h.line, ...after.slice(0, 2), ...(fromMod ? [`go.mod: exclude ${h.module} ${h.version}`] : [])],
      modules: [h.module],
      fixes: [
        { summary: `Require a version of ${h.module} that is not excluded`, commands: [`go list -m -versions ${h.module}`, `go mod edit -require=${h.module}@<VERSION>`] },
        {
          summary: `Or drop the exclude, if ${h.version} is fine after all`,
          commands: [`go mod edit -dropexclude=${h.module}@${h.version}`],
          caution: "This edits go.mod: commit it so every machine and CI reads the same line.",
        },
      ],
    });
  });
}

/**
 * x/mod/modfile on a system whose separator is `/`: a replacement directory
 * with a backslash (`..\\lib`, `C:\\src\\lib`) is refused as a Windows path,
 * at go.mod's LINE. The directory may hold spaces.
 */
const WINDOWS_DIR = /^(?:go: )?(.*?go\.(?:mod|work)):(\d+)(?::\d+)?: replacement directory appears to be Windows path/;

/** GMD312 for a replace written on Windows and read elsewhere: go refuses the line before it looks for the directory. */
function windowsReplaceDirs(e: Evidence): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const err of e.trace?.errors ?? []) {
    for (const line of [err.message, ...err.details]) {
      const m = WINDOWS_DIR.exec(line.trim());
      if (!m || seen.has(`${m[1]}:${m[2]}`)) continue;
      seen.add(`${m[1]}:${m[2]}`);
      const [file, at] = [m[1]!, m[2]!];
      const name = file.endsWith("go.work") ? "go.work" : "go.mod";
      out.push(
        makeFinding(REPLACE_DIR_MISSING, {
          title: `${name} line ${at} replaces a module with a Windows path, which go on this system refuses`,
          severity: failingSeverity(e),
          confidence: 0.9,
          why:
            `The replace on line ${at} of ${file} names its directory with backslashes (\`..\\lib\`, \`C:\\src\\lib\`), as written on Windows. ` +
            "The go command on Linux and macOS stops reading the file at such a line (before it fetches anything): it was most likely a local replace committed from a Windows machine. " +
            "A relative path with forward slashes works on every system; a directory that only exists on one machine belongs in its go.work, not in go.mod.",
          evidence: [err.message, ...err.details].map((l) => l.trim()).filter((l) => l === line.trim() || /errors parsing go\.(?:mod|work)/.test(l)).slice(0, 2),
          fixes: [
            {
              summary: `Look at line ${at}; if it is a relative path, write it with forward slashes, which go reads on every system`,
              commands: [`sed -n '${at}p' ${shellQuote(file)}`, `sed -i '${at}s|\\\\|/|g' ${shellQuote(file)}`],
              caution: "This edits the file: check the directory then exists here (ls), and commit the change so Windows machines get the same line.",
            },
            {
              summary: `Or, if the directory only exists on that Windows machine, drop the replace (name the module line ${at} replaces) and keep it in that machine's go.work`,
              commands: [`go ${name === "go.work" ? "work" : "mod"} edit -dropreplace=<module on line ${at}>`],
            },
          ],
        }),
      );
    }
  }
  return out;
}

export const gomodDirectivesFamily: RuleFamily = {
  family: "gomod-directives",
  causes: [REPLACE_VERSION_MISSING, REPLACE_DIR_MISSING, EXCLUDED_REQUIREMENT, INSTALL_DIRECTIVES],
  evaluate(e) {
    return [...replaceVersions(e), ...replaceDirs(e), ...windowsReplaceDirs(e), ...excluded(e), ...installDirectives(e)];
  },
};
