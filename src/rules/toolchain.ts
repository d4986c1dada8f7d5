// GMD506: a Go toolchain that go.mod's go or toolchain line, or GOTOOLCHAIN,
// asks for cannot be downloaded (or a go before toolchain switching meets a
// newer go.mod): which of them asked, and where the fix goes.
import type { Finding, Fix, Suspect } from "../report/schema.js";
import { makeFinding, originText, settingEvidence } from "./fixes.js";
import { proxyUrls, settingOrigin } from "./settings-view.js";
import { compareGoVersions } from "../context/go-version.js";
import { NEWER_DIRECTIVE } from "../context/modfile-text.js";
import { goErrorLines } from "./observe.js";
import { toolchainSumdbOff } from "./toolchain-sumdb.js";
import type { CauseInfo, Evidence } from "./types.js";

export const TOOLCHAIN: CauseInfo = {
  code: "GMD506",
  name: "toolchain-unavailable",
  title: "A Go toolchain go.mod or GOTOOLCHAIN asks for cannot be downloaded",
  explain:
    "A `go` or `toolchain` line newer than the local go makes the go command download that toolchain (golang.org/toolchain) through GOPROXY " +
    "before anything else. When it cannot (`toolchain not available`, GOPROXY=off, a network failure), nothing runs. GOTOOLCHAIN=local keeps " +
    "the local go, which then refuses a go.mod that needs a newer one: install that version, or lower the go line if the module allows it. " +
    "GOTOOLCHAIN naming a version (GOTOOLCHAIN=go1.22.0, set in the environment or with go env -w) asks for that toolchain whatever go.mod " +
    "says (with +auto: at least that one); the finding says which asked, and the fix goes there (`unset GOTOOLCHAIN`, `go env -w GOTOOLCHAIN=auto`).",
};

/**
 * A go before 1.21 meeting a newer go.mod: `go.mod file indicates go 1.20, but
 * maximum version supported by tidy is 1.19`, `invalid go version '1.21.0':
 * must match format 1.23` (a three-part go line it cannot read), or go1.15 and
 * older's `FILE:N: usage: go 1.23` (the same complaint, without the version).
 */
// go1.20 and older: a newer go line, a three-part go version, or a directive they do not know.
const PRE_TOOLCHAIN_GO = /go\.mod file indicates go (\d+\.\d+\S*), but maximum (?:version )?supported|invalid go version '(\d+\.\d+\.\d+)': must match format|:\d+: usage: go 1\.23$/;
/**
 * The go.mod an old go could not read is a fetched module's, not this project's: `go install M@latest (in M@V): go.mod:3: ...`
 * (modload's install check), `loading module retractions for M@V: parsing go.mod: go.mod:3: ...`, `M@V: parsing go.mod: ...`.
 */
const FETCHED_GOMOD = /(?:\(in ([^\s@()]+)@([^\s@()]+)\):|([^\s@:"()]+)@([^\s@:"()]+): parsing go\.mod:)\s+go\.mod:\d+(?::\d+)?: (?:invalid go version|unknown directive|usage: go)/;

/** The complaint is about the go line's form (three parts), which only go1.21 and newer read. */
const GO_LINE_FORM = /invalid go version '\d+\.\d+\.\d+': must match format|:\d+: usage: go 1\.23$/;

/** The go release that brought each directive an older go rejects (NEWER_DIRECTIVE). */
const DIRECTIVE_SINCE: Record<string, string> = { toolchain: "1.21", godebug: "1.23", tool: "1.24", ignore: "1.25" };

/** `FILE:5: unknown directive: toolchain`: the directive, and the go that first read it. */
function newerDirectiveIn(lines: string[]): { name: string; since: string } | undefined {
  for (const l of lines) {
    const name = /unknown (?:directive|block type): (\w+)/.exec(l)?.[1];
    if (name && DIRECTIVE_SINCE[name]) return { name, since: DIRECTIVE_SINCE[name] };
  }
  return undefined;
}

/** The local go predates toolchain switching (go1.21); unknown when the context is. */
function beforeToolchains(e: Evidence): boolean {
  const local = e.ctx?.goVersion;
  return local === undefined || compareGoVersions(local, "go1.21") < 0;
}

/** Who asked for toolchain go<wanted>: GOTOOLCHAIN naming a version (alone or as the +auto minimum), or go.mod. */
type ToolchainAsker =
  | { by: "GOTOOLCHAIN"; value: string; auto: boolean }
  | { by: "go.mod"; line: string }
  | { by: "unknown" };

function toolchainAsker(e: Evidence, wanted: string | undefined): ToolchainAsker {
  if (!e.ctx || !wanted) return { by: "unknown" };
  const target = `go${wanted}`;
  const value = e.ctx.env.GOTOOLCHAIN ?? "";
  // toolchain/select.go: "min+auto" or "min" (a version alone: go.mod is not read); gccgo-style "name-go1.x" too.
  const [min, suffix] = value.split("+");
  if (min && !["local", "auto", "path"].includes(min) && (min === target || min.endsWith(`-${target}`))) return { by: "GOTOOLCHAIN", value, auto: suffix !== undefined };
  const mod = e.ctx.mod;
  if (mod.toolchain === target) return { by: "go.mod", line: `toolchain ${mod.toolchain}` };
  if (mod.go && (mod.go === wanted || `${mod.go}.0` === wanted)) return { by: "go.mod", line: `go ${mod.go}` };
  return { by: "unknown" };
}

function toolchainSettingFixes(e: Evidence, value: string): Fix[] {
  const { from, alsoInFile } = settingOrigin(e, "GOTOOLCHAIN");
  // `go env -w GOTOOLCHAIN=...` is run by the local go even when GOTOOLCHAIN names another (toolchain/select.go); `go env -u` is not.
  const drop: Fix =
    from === "environment"
      ? {
          summary: `Remove GOTOOLCHAIN=${value} from the environment: the default (auto) follows go.mod's go and toolchain lines`,
          commands: ["unset GOTOOLCHAIN", "go env GOTOOLCHAIN"],
          caution:
            "It is set in the environment (an export in a shell profile, a CI variable, a Dockerfile ENV): change it where it is set; `go env -w` cannot override it." +
            (alsoInFile ? " The go env file sets GOTOOLCHAIN too, and its value applies next (`go env -w GOTOOLCHAIN=auto` resets it)." : ""),
        }
      : {
          summary: `Replace the go env setting GOTOOLCHAIN=${value} by the default (auto), which follows go.mod`,
          commands: ["go env -w GOTOOLCHAIN=auto", "go env GOTOOLCHAIN"],
          ...(from === "unknown" ? { caution: "If GOTOOLCHAIN is set in the environment (export, CI settings), remove it there: the environment wins over `go env -w`." } : {}),
        };
  return [
    drop,
    { summary: "Or name a toolchain that exists (go1.N.P), or use the local go for this command", commands: ["GOTOOLCHAIN=local go mod download"] },
  ];
}

/** A curl of the stalled toolchain file's .info on the first GOPROXY proxy: does the proxy answer for it now. */
function toolchainCurl(e: Evidence, suspects: Suspect[]): string[] {
  const version = suspects.find((s) => s.module === "golang.org/toolchain" && s.version)?.version;
  const base = proxyUrls(e).find((u) => /^https?:/.test(u));
  if (!version || !base) return [];
  return [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${base.replace(/\/+$/, "")}/golang.org/toolchain/@v/${version}.info`];
}

export function toolchain(e: Evidence): Finding[] {
  const lines = goErrorLines(e).filter(
    (l) => /toolchain not available|go: download go\d|golang\.org\/toolchain@|requires go >= [^\s]+ \(running go|cannot find "go[^"]*" in PATH/.test(l) || PRE_TOOLCHAIN_GO.test(l) || NEWER_DIRECTIVE.test(l),
  );
  const suspects = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "toolchain");
  if (lines.length === 0 && suspects.length === 0) return [];
  // A go before 1.21 has no toolchain switching: a newer go line is a hard stop.
  // A newer directive is go1.21+'s complaint too, under GOTOOLCHAIN=local (it parses go.mod before it compares the go line).
  const newerDirective = lines.some((l) => NEWER_DIRECTIVE.test(l));
  const preMatch = lines.map((l) => PRE_TOOLCHAIN_GO.exec(l)).find((m) => m !== null);
  const preToolchain = preMatch !== undefined || (newerDirective && beforeToolchains(e));
  // `go1.99.0` in download lines, `requires go >= 1.99.0` under GOTOOLCHAIN=local.
  const wanted = preToolchain || newerDirective ? (preMatch?.[1] ?? preMatch?.[2] ?? e.ctx?.mod?.go ?? e.ctx?.toolchainWanted?.replace(/^go/, "")) : /(?:go|>=) ?(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)/.exec([...lines, ...(e.trace?.toolchain ?? [])].find((l) => /download|requires go|go\d/.test(l)) ?? "")?.[1];
  const needsNewer = lines.some((l) => /requires go >= .*GOTOOLCHAIN=local/.test(l)) || newerDirective || preToolchain;
  const unavailable = lines.some((l) => /toolchain not available/.test(l));
  const formLine = lines.find((l) => GO_LINE_FORM.test(l));
  // An older go stopped on a directive it does not know: the directive says which go it needs at least.
  const directive = preToolchain && !preMatch && !wanted ? newerDirectiveIn(lines) : undefined;
  const asker = needsNewer ? ({ by: "unknown" } as const) : toolchainAsker(e, wanted);
  // A fetched module's go.mod (a tool go install builds, a dependency): nothing in this project's go.mod to edit.
  const fetchedMatch = preToolchain ? lines.map((l) => FETCHED_GOMOD.exec(l)).find((m) => m !== null) : undefined;
  const fetched = fetchedMatch ? { module: (fetchedMatch[1] ?? fetchedMatch[3])!, version: (fetchedMatch[2] ?? fetchedMatch[4])! } : undefined;
  const evidence = [...(e.trace?.toolchain ?? []).slice(0, 2), ...lines, ...suspects.map((s) => `toolchain download idle for ${Math.round(s.idleMs / 1000)}s`)];
  // No error, only the stalled download: the stall is the cause (the proxy's finding, when the probe saw it, says where);
  // the line that asks for the toolchain is why go downloads it at all, and says so.
  const stalled = lines.length === 0 && suspects.length > 0;
  const fails = stalled ? "hangs" : "fails";
  const sumdbOff = toolchainSumdbOff(e, TOOLCHAIN, lines, wanted, evidence);
  if (sumdbOff) return [sumdbOff];
  if (asker.by === "GOTOOLCHAIN") {
    const from = originText(e, "GOTOOLCHAIN");
    return [
      makeFinding(TOOLCHAIN, {
        title: `GOTOOLCHAIN=${asker.value}${from ? ` (set in ${from})` : ""} asks for a toolchain ${stalled ? "whose download hangs" : "that cannot be downloaded"}`,
        severity: "blocker",
        confidence: unavailable || suspects.length > 0 ? 0.9 : 0.7,
        why: asker.auto
          ? `GOTOOLCHAIN=${asker.value} makes go${wanted} the oldest toolchain to run, so the go command first downloads it, and the download ${fails}. go.mod does not ask for it.`
          : `GOTOOLCHAIN=${asker.value} names a version, so the go command runs that toolchain whatever go.mod says, and first downloads it; the download ${fails}. go.mod does not ask for it.`,
        evidence: [...settingEvidence(e, "GOTOOLCHAIN"), ...evidence].slice(0, 4),
        fixes: toolchainSettingFixes(e, asker.value),
      }),
    ];
  }
  const source = asker.by === "go.mod" ? `go.mod's "${asker.line}" line` : e.ctx ? "go.mod's go/toolchain line (or a dependency's)" : "go.mod's go/toolchain line (or GOTOOLCHAIN)";
  return [
    makeFinding(TOOLCHAIN, {
      title: fetched
        ? `The go.mod of ${fetched.module}@${fetched.version} needs go ${wanted ?? directive?.since ?? "(newer)"}, newer than this go, which cannot switch toolchains (before go1.21)`
        : preToolchain
        ? formLine && !wanted
          ? "go.mod's go line has a form this go cannot read: a go before 1.21 reads only `go 1.N`"
          : directive
            ? `go.mod's \`${directive.name}\` line needs go ${directive.since} or newer: this go is older and cannot read go.mod`
            : `go.mod needs go ${wanted ?? "(newer)"}, newer than this go, which cannot switch toolchains (before go1.21)`
        : needsNewer
          ? `go.mod needs go ${wanted ?? "(newer)"}, and GOTOOLCHAIN=local forbids switching`
          : stalled
            ? `${source} makes go download the go${wanted ?? ""} toolchain first, and that download hangs`.replace("go toolchain", "toolchain")
            : `The go ${wanted ?? ""} toolchain go.mod asks for cannot be downloaded`.replace("go  t", "go t"),
      severity: "blocker",
      confidence: needsNewer || unavailable ? 0.9 : suspects.length > 0 ? 0.7 : 0.6,
      why: fetched
        ? `go read the go.mod of ${fetched.module}@${fetched.version}, a module it fetched (not this project's), and a go before 1.21 can neither read its go line ` +
          "(a three-part `go 1.N.P`, or a directive it does not know) nor switch to a newer toolchain. Only a newer go, or an older version of that module, reads it."
        : preToolchain
        ? formLine && !wanted
          ? "This go (before 1.21) reads only a two-part go line such as `go 1.14`, and go.mod's go line has another form (three parts, such as the " +
            "`go 1.21.0` that go1.21 and newer write), so it stops on go.mod before fetching anything."
          : directive
            ? `go.mod has a \`${directive.name}\` line, which go${directive.since} brought: an older go stops on go.mod before fetching anything, and a go before 1.21 cannot switch to a newer toolchain by itself. ` +
              "The module was written for a newer go than the one on PATH."
            : "The local go is older than go.mod's go line, and a go before 1.21 neither downloads a newer toolchain nor reads a three-part go line (`go 1.21.0`)."
        : needsNewer
          ? "The local go is older than go.mod's go line and switching toolchains is turned off."
          : stalled
            ? `${source} is newer than the local go, so the go command downloads that toolchain (golang.org/toolchain, through GOPROXY) before anything else, ` +
              "and that download stopped sending: that stall is what the run waits on (a finding about the proxy says where, when the probe saw it). " +
              "This line is only why go makes the download at all."
            : `${source} is newer than the local go, so the go command first downloads that toolchain, and the download fails.`,
      evidence: evidence.slice(0, 4),
      fixes: fetched
        ? [
            { summary: `Install go ${wanted ?? "1.21 or newer"} (or newer) and put it first on PATH; from go1.21 on, go switches toolchains by itself`, commands: ["which -a go; go version"] },
            {
              summary: `Or use an older version of ${fetched.module} whose go.mod this go reads`,
              commands: [`go list -m -versions ${fetched.module}`, `go install ${fetched.module}@<VERSION>`],
              caution: "go install needs a package path: add the command's subdirectory to the module path if its main package is not at the root. In a project, `go get MODULE@VERSION` instead.",
            },
          ]
        : needsNewer
        ? [
            {
              summary: `Install go ${wanted ?? (directive ? `${directive.since} or newer (at least what go.mod's go line names)` : formLine ? "1.21 or newer" : "(the version go.mod names)")} and put it first on PATH, or lower the go line if the module allows it`,
              commands: ["grep -E '^(go|toolchain) ' go.mod", "which -a go; go version"],
            }, // go mod edit of a go too old for the file would fail on it
            ...(formLine
              ? [
                  {
                    summary: "Or, if the module does not need go1.21, write the go line in the two-part form this go reads (`go 1.N`)",
                    commands: ["sed -i -E 's/^go ([0-9]+\\.[0-9]+)\\.[0-9]+.*$/go \\1/' go.mod", "grep -n '^go ' go.mod"],
                    caution: "This edits go.mod: commit it so every machine and CI reads the same line.",
                  },
                ]
              : []),
          ]
        : [
            // `go 1.21` names a language version; from go1.21 on, releases are 1.N.0, so no toolchain `go1.21` exists.
            ...(unavailable && wanted && /^1\.(2[1-9]|[3-9]\d)$/.test(wanted)
              ? [
                  {
                    summary: `go.mod says "go ${wanted}", a language version with no toolchain of that name: name a release`,
                    commands: [`go mod edit -go=${wanted}.0`],
                    caution: "This edits go.mod: commit it so every machine and CI reads the same line.",
                  },
                ]
              : []),
            // A download that failed on the network: the release exists, the path to it does not work.
            ...(!unavailable
              ? [
                  {
                    summary: stalled
                      ? `The toolchain is a module (golang.org/toolchain) fetched through GOPROXY: see whether the proxy answers for it, or install go ${wanted ?? "(that version)"} yourself and put it first on PATH`
                      : `The toolchain is a module (golang.org/toolchain) fetched through GOPROXY: fix the proxy's finding, or install go ${wanted ?? "(that version)"} yourself and put it first on PATH`,
                    commands: ["go env GOPROXY GOTOOLCHAIN", ...(stalled ? toolchainCurl(e, suspects) : [])],
                  },
                ]
              : []),
            ...(unavailable && asker.by === "go.mod" && asker.line.startsWith("toolchain ")
              ? [
                  {
                    summary: "Name a toolchain release that exists in go.mod's toolchain line, or drop the line",
                    commands: ["go mod edit -toolchain=none"],
                    caution: "This edits go.mod: commit it so every machine and CI reads the same line.",
                  },
                ]
              : []),
            { summary: "Use the local go instead of downloading another toolchain", commands: ["GOTOOLCHAIN=local go mod download"], caution: "If go.mod needs a newer go, the local one refuses; install that version then." },
          ],
    }),
  ];
}
