// GMD510: GOVCS forbids the version-control tool a directly fetched module
// needs. The go command checks GOVCS (vcs.CheckGOVCS) before it runs git, hg,
// ... and refuses with `GOVCS disallows using git for public PATH; see 'go help vcs'`:
// the go-import page and the repository are fine, the setting stops it.
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding, originText, settingFix, unsetFix } from "./fixes.js";
import { hostLooksPrivate, moduleHost } from "./hosts.js";
import { goprivateFor } from "./settings-view.js";
import { matchPrefixPatterns } from "../context/patterns.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const GOVCS_DISALLOWS: CauseInfo = {
  code: "GMD510",
  name: "govcs-disallows",
  title: "GOVCS forbids the version-control tool a module needs",
  explain:
    "Before it runs git (or hg, svn...) for a module fetched directly, the go command checks GOVCS, a list of `pattern:vcs|vcs` rules " +
    "(`public` and `private` match modules outside and inside GOPRIVATE); the default allows git and hg for public modules and any tool " +
    "for private ones. A module the list does not allow fails with `GOVCS disallows using git for public PATH`, whatever its repository " +
    "says. Allow the tool for that path in GOVCS, drop GOVCS, or, for a private module wrongly counted as public, add it to GOPRIVATE.",
};

/** cmd/go/internal/vcs CheckGOVCS: "GOVCS disallows using %s for %s %s; see 'go help vcs'". */
const DISALLOWS = /GOVCS disallows using (\S+) for (public|private) ([^\s;]+)/;

/**
 * vcs.go govcsConfig.allow: the first rule whose pattern matches decides
 * (`public`, `private`, or module path patterns); go's defaults
 * (public:git|hg,private:all) come after the user's rules.
 */
export function govcsAllows(value: string, path: string, isPrivate: boolean, vcs: string): boolean {
  const rules = [...value.split(","), "public:git|hg", "private:all"].map((r) => r.trim()).filter((r) => r.includes(":"));
  for (const rule of rules) {
    const at = rule.lastIndexOf(":");
    const pattern = rule.slice(0, at);
    const match = pattern === "private" ? isPrivate : pattern === "public" ? !isPrivate : matchPrefixPatterns(pattern, path);
    if (match) return rule.slice(at + 1).split("|").some((v) => v === vcs || v === "all");
  }
  return false;
}

function refusals(e: Evidence): { vcs: string; scope: "public" | "private"; path: string; line: string }[] {
  return (e.trace?.errors ?? []).flatMap((x) => {
    const line = [x.message, ...x.details].find((l) => DISALLOWS.test(l));
    const m = line ? DISALLOWS.exec(line) : null;
    return m ? [{ vcs: m[1]!, scope: m[2] as "public" | "private", path: m[3]!, line: line!.trim() }] : [];
  });
}

function govcs(e: Evidence): Finding[] {
  const hits = refusals(e);
  if (hits.length === 0) return [];
  const { vcs, scope, path } = hits[0]!;
  const host = moduleHost(path);
  const value = e.ctx?.env.GOVCS ?? "";
  const from = originText(e, "GOVCS");
  const modules = [...new Set(hits.map((h) => h.path))].sort();
  // A rule for this host first: GOVCS takes the first pattern that matches.
  const allowed = `${host}:${vcs}${value ? `,${value}` : ""}`;
  // GOPRIVATE helps only where GOVCS lets private modules use the tool (not under `*:off`).
  const privateHost = scope === "public" && hostLooksPrivate(host) && govcsAllows(value, path, true, vcs);
  // Dropping GOVCS helps only when go's default allows the tool (not bzr, svn, fossil for a public module) and GOVCS is set at all.
  const unsetHelps = govcsAllows("", path, scope === "private", vcs) && (!e.ctx || value !== "");
  return [
    makeFinding(GOVCS_DISALLOWS, {
      title: `GOVCS${value ? `=${value}` : ""}${from ? ` (set in ${from})` : ""} forbids ${vcs} for ${path}`,
      severity: failingSeverity(e),
      confidence: 0.95,
      why:
        `The go command counts ${path} as a ${scope} module (${scope === "public" ? "no GOPRIVATE pattern matches it" : "GOPRIVATE matches it"}) and GOVCS` +
        `${value ? `=${value}` : ""} allows no ${vcs} for it, so it refuses to run ${vcs} before asking the repository anything. ` +
        "The repository and its go-import page are not the problem.",
      evidence: [...new Set(hits.map((h) => h.line))].slice(0, 3),
      modules,
      fixes: [
        ...(privateHost
          ? [settingFix(e, `If ${host} is your company's: mark its modules private (GOVCS allows any tool for private modules by default)`, "GOPRIVATE", goprivateFor(e, modules))]
          : []),
        settingFix(e, `Allow ${vcs} for ${host} ahead of the other GOVCS rules`, "GOVCS", allowed),
        ...(unsetHelps ? [unsetFix(e, "Or drop GOVCS for the default (git and hg for public modules, any tool for private ones)", "GOVCS", "")] : []),
      ],
    }),
  ];
}

export const govcsFamily: RuleFamily = {
  family: "govcs",
  causes: [GOVCS_DISALLOWS],
  evaluate: govcs,
};
