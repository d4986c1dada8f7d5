// GMD320: the version-control tool a directly fetched module needs is not
// installed. cmd/go/internal/modfetch/codehost runs git, hg, svn, bzr or
// fossil by name; when the binary is missing from PATH the error ends with
// Go's `exec: "hg": executable file not found in $PATH`. Common in slim
// container images (no git at all) and for a go-import tag naming hg/svn/bzr.
import type { Finding, Fix } from "../report/schema.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import { hostLooksPrivate, moduleHost } from "./hosts.js";
import { directFetchFix } from "./proxy-bypass.js";
import { isNoProxy } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const VCS_TOOL_MISSING: CauseInfo = {
  code: "GMD320",
  name: "vcs-tool-missing",
  title: "The version-control tool a directly fetched module needs is not installed",
  explain:
    "A module fetched directly (GOPROXY=direct, or matched by GOPRIVATE/GONOPROXY) is read from its repository with the tool its " +
    "go-import tag (or its path: .git, .hg...) names: git, hg (Mercurial), svn (Subversion), bzr (Bazaar/Breezy) or fossil. The go " +
    "command runs that tool by name and fails with `exec: \"hg\": executable file not found in $PATH` when it is not installed (slim " +
    "container images often lack even git). Install the tool, or, for a public module, let the module proxy fetch it for you.",
};

/** os/exec's ErrNotFound as the go command wraps it: `exec: "hg": executable file not found in $PATH` (`%PATH%` on Windows). */
const NOT_FOUND = /exec: "(git|hg|svn|bzr|fossil)": executable file not found in (?:\$PATH|%PATH%)/;
/** cmd/go/internal/vcs run1 (a VCS-suffixed path's ping, GOPATH mode): `go: missing Git command. See https://golang.org/s/gogetcmd`. */
const MISSING_COMMAND = /missing (Git|Mercurial|Subversion|Bazaar|Fossil) command/;
const BY_NAME: Record<string, string> = { Git: "git", Mercurial: "hg", Subversion: "svn", Bazaar: "bzr", Fossil: "fossil" };

/** The tool a line says is missing, if it says so. */
function missingTool(line: string): string | undefined {
  const m = NOT_FOUND.exec(line);
  if (m) return m[1];
  const n = MISSING_COMMAND.exec(line);
  return n ? BY_NAME[n[1]!] : undefined;
}

/** Package names per tool: Debian/Ubuntu, Alpine, Homebrew. */
const PACKAGES: Record<string, { apt: string; apk: string; brew: string; check: string }> = {
  git: { apt: "git", apk: "git", brew: "git", check: "git --version" },
  hg: { apt: "mercurial", apk: "mercurial", brew: "mercurial", check: "hg version" },
  svn: { apt: "subversion", apk: "subversion", brew: "subversion", check: "svn --version --quiet" },
  bzr: { apt: "brz", apk: "breezy", brew: "breezy", check: "bzr version" },
  fossil: { apt: "fossil", apk: "fossil", brew: "fossil", check: "fossil version" },
};

const NAMES: Record<string, string> = { git: "git", hg: "Mercurial (hg)", svn: "Subversion (svn)", bzr: "Bazaar (bzr)", fossil: "Fossil" };

/** The repository URL in the failing command (`hg clone -U -- URL .`, `svn list -- URL`), when it names one. */
function repoOf(text: string): string | undefined {
  return /\s--\s+([a-z][a-z0-9+.-]*:\/\/\S+)/i.exec(text)?.[1];
}

function vcsToolMissing(e: Evidence): Finding[] {
  const hits = (e.trace?.errors ?? []).flatMap((x) => {
    const lines = [x.message, ...x.details];
    const line = lines.find((l) => missingTool(l) !== undefined);
    return line ? [{ tool: missingTool(line)!, module: x.module, text: lines.join("\n"), line: line.trim() }] : [];
  });
  if (hits.length === 0) return [];
  const out: Finding[] = [];
  for (const tool of [...new Set(hits.map((h) => h.tool))]) {
    const mine = hits.filter((h) => h.tool === tool);
    const modules = [...new Set(mine.flatMap((h) => (h.module ? [h.module] : [])))].sort();
    const first = modules[0];
    const pkg = PACKAGES[tool]!;
    // Where go learned the tool: the go-import tag the probe read for that module's host.
    const tag = first ? probed(e, "vcs").find((p) => p.facts.modules.includes(first) && p.facts.goImport?.meta)?.facts.goImport?.meta : undefined;
    const repo = mine.map((h) => repoOf(h.text)).find(Boolean) ?? (tag?.vcs === tool ? tag.repo : undefined);
    const named = modules.length > 1 ? `${first} and ${modules.length - 1} more` : (first ?? "a module");
    // A module on a public host that is direct only because of the settings: the proxy runs the tool on its side.
    const publicModules = modules.filter((m) => !hostLooksPrivate(moduleHost(m)));
    // GOPRIVATE/GONOPROXY send a module direct whatever GOPROXY says: only taking a public one out of them helps.
    const routedDirect = publicModules.filter((m) => isNoProxy(e, m) === true);
    const viaProxy = publicModules.filter((m) => isNoProxy(e, m) !== true);
    const proxyFix: Fix[] = [
      ...(routedDirect.length > 0 ? [{ ...directFetchFix(e, routedDirect), summary: `Or, if ${routedDirect[0]} is public, take it out of GOPRIVATE/GONOPROXY: a module proxy runs ${tool} on its side` }] : []),
      ...(viaProxy.length > 0 && /^\s*direct\s*(?:$|[,|])/.test(e.ctx?.env.GOPROXY ?? "")
        ? [
            {
              summary: `Or fetch ${viaProxy[0]} through a module proxy, which runs ${tool} on its side`,
              commands: ["go env GOPROXY", "GOPROXY=https://proxy.golang.org,direct go mod download"],
              caution: "A one-off variable helps only this command: change GOPROXY where it is set.",
            },
          ]
        : []),
    ];
    out.push(
      makeFinding(VCS_TOOL_MISSING, {
        title: `${tool} is not installed: the go command needs it to fetch ${named}`,
        severity: failingSeverity(e),
        confidence: 0.95,
        why:
          `The go command fetches ${named} straight from ${repo ? `its ${NAMES[tool]} repository ${repo}` : `its ${NAMES[tool]} repository`}` +
          (tag?.vcs === tool ? ` (the go-import tag of ${tag.prefix} says \`${tag.prefix} ${tag.vcs} ${tag.repo}\`)` : "") +
          `, and runs \`${tool}\` for it, which is not on this machine's PATH. Nothing is wrong with the repository or the network.`,
        evidence: [...new Set(mine.map((h) => h.line))].slice(0, 3),
        modules,
        fixes: [
          e.os === "windows" && tool === "git"
            ? {
                // `%PATH%` and `C:\` paths: Git for Windows, and the editor or shell must start again to see the new PATH.
                summary: "Install Git for Windows, then open a new terminal (or restart the editor that runs go) so PATH holds it",
                commands: ["winget install --id Git.Git -e --source winget", pkg.check],
                caution: "An editor started before the install keeps the old PATH until it is restarted.",
              }
            : {
                summary: `Install ${NAMES[tool]} where the go command runs (Debian/Ubuntu, Alpine, macOS: one of these), then check it is on PATH`,
                commands: [`apt-get install -y ${pkg.apt}`, `apk add ${pkg.apk}`, `brew install ${pkg.brew}`, pkg.check],
                caution: "In a container image, install it in the image (a RUN line in the Dockerfile), not in a running container.",
              },
          ...proxyFix,
        ],
      }),
    );
  }
  return out;
}

export const vcsToolFamily: RuleFamily = {
  family: "vcs-tool",
  causes: [VCS_TOOL_MISSING],
  evaluate: vcsToolMissing,
};
