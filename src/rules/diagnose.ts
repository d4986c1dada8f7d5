// Runs every rule family over the evidence and ranks the findings: causes
// before the symptoms they explain, then severity, confidence, family order.
import type { Finding } from "../report/schema.js";
import { INTERNAL_ERROR } from "./generic.js";
import { RULE_FAMILIES } from "./registry.js";
import { withHttpsProxyFixes } from "./https-proxy-only.js";
import { withDirectFetchFixes } from "./proxy-bypass.js";
import { withReplacements } from "./replacements.js";
import { moduleHost } from "./hosts.js";
import type { Evidence, RuleFamily } from "./types.js";

/**
 * Cause -> the symptom codes it explains. A dead network explains a proxy
 * that does not resolve and an unreachable checksum database; a dead HTTP
 * proxy explains every endpoint behind it; GOPRIVATE (GMD301) also exempts
 * from the checksum database (GMD201).
 */
const EXPLAINS: Record<string, string[]> = {
  // Offline, no lookup can tell a missing version from an unreachable repository (go1.12 said `unknown revision` for both).
  GMD109: ["GMD101", "GMD102", "GMD103", "GMD104", "GMD202", "GMD306", "GMD307", "GMD309", "GMD602"],
  GMD107: ["GMD101", "GMD102", "GMD103", "GMD104", "GMD111", "GMD202", "GMD306", "GMD309"],
  GMD108: ["GMD103", "GMD104", "GMD306"],
  GMD106: ["GMD202", "GMD306"],
  // A go-import page behind an expired or misnamed certificate: the TLS failure is the cause.
  GMD110: ["GMD306"],
  GMD301: ["GMD201"],
  GMD501: ["GMD506"],
  // GOVCS stopped go before it ran git: the `unrecognized import path` it wraps is that.
  GMD510: ["GMD306", "GMD309", "GMD902"],
  GMD503: ["GMD506"],
  // A broken zip already in the module cache: no proxy sent it this run.
  GMD406: ["GMD112"],
  // go.sum to update: the failure is fully explained, not a download problem.
  GMD204: ["GMD902"],
  // go build/test failed on the code: the quoted errors are not an unknown download failure.
  GMD903: ["GMD902"],
  // A retracted version go stopped on (go list -m): the quoted error is that.
  GMD310: ["GMD902"],
  // ssh reached the port and the server would not talk: the repository host's "does not answer git" (GMD309) and the quoted error are that.
  GMD321: ["GMD309", "GMD901", "GMD902"],
};

/**
 * Causes that explain a symptom only on their own hosts: one repository's ssh server that will not talk
 * does not explain another host's unreachable repository in the same run. Hosts are those of the
 * findings' modules; a finding that names none is not told apart (as before).
 */
const SAME_HOST_ONLY = new Set(["GMD321"]);

function sameHosts(cause: Finding, symptom: Finding): boolean {
  if (!SAME_HOST_ONLY.has(cause.code) || !cause.modules?.length || !symptom.modules?.length) return true;
  const hosts = new Set(cause.modules.map(moduleHost));
  return symptom.modules.some((m) => hosts.has(moduleHost(m)));
}

const SEVERITY_RANK: Record<Finding["severity"], number> = { blocker: 0, warning: 1, info: 2 };
const FAMILY_OF = new Map<string, number>();
RULE_FAMILIES.forEach((f, i) => f.causes.forEach((c) => FAMILY_OF.set(c.code, i)));

function runFamily(family: RuleFamily, evidence: Evidence): Finding[] {
  try {
    return family.evaluate(evidence);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        code: INTERNAL_ERROR.code,
        name: INTERNAL_ERROR.name,
        severity: "info",
        confidence: 1,
        title: `Internal rule error in the ${family.family} rules`,
        why: `The ${family.family} rules threw: ${message}. The other rules still ran.`,
        evidence: [],
        fixes: [],
      },
    ];
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.confidence - a.confidence ||
    (FAMILY_OF.get(a.code) ?? 99) - (FAMILY_OF.get(b.code) ?? 99) ||
    a.code.localeCompare(b.code) ||
    (a.modules?.[0] ?? "").localeCompare(b.modules?.[0] ?? "") ||
    a.title.localeCompare(b.title)
  );
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.code}\u0000${f.title}`;
    const twin = seen.get(key);
    if (!twin) seen.set(key, f);
    else if (f.confidence > twin.confidence) seen.set(key, f);
  }
  return [...seen.values()];
}

/** Drops symptoms whose cause is present, listing them in the cause's `explains`. */
function foldSymptoms(ranked: Finding[]): Finding[] {
  const dropped = new Set<Finding>();
  const explained = new Map<Finding, string[]>();
  // Causes that are not themselves explained by another present cause go first.
  // A cause that is only a note (info: a dead HTTP proxy no request goes through, a go.sum to update) explains no real symptom, only the fallbacks.
  const explainsOf = (c: Finding): string[] => (EXPLAINS[c.code] ?? []).filter((code) => c.severity !== "info" || code.startsWith("GMD9"));
  const isSymptom = (f: Finding): boolean => ranked.some((c) => c !== f && explainsOf(c).includes(f.code) && sameHosts(c, f));
  const order = [...ranked.filter((f) => !isSymptom(f)), ...ranked.filter(isSymptom)];
  for (const cause of order) {
    if (dropped.has(cause)) continue;
    const symptoms = explainsOf(cause);
    for (const other of ranked) {
      if (other === cause || dropped.has(other)) continue;
      // Any real cause (not a mere note) explains the generic fallbacks.
      const generic = cause.severity !== "info" && other.code.startsWith("GMD9") && other.code !== INTERNAL_ERROR.code && !cause.code.startsWith("GMD9");
      if ((symptoms.includes(other.code) && sameHosts(cause, other)) || generic) {
        dropped.add(other);
        explained.set(cause, [...(explained.get(cause) ?? []), other.code]);
      }
    }
  }
  return ranked
    .filter((f) => !dropped.has(f))
    .map((f) => {
      const codes = explained.get(f);
      return codes ? { ...f, explains: [...new Set([...(f.explains ?? []), ...codes])].sort() } : f;
    });
}

/**
 * Whether a finding is about what the stalled run waited on: a module, URL,
 * git repository or lock file of the stall's suspects. Only these explain
 * the stall; others (a retracted version, old partial downloads) are beside it.
 */
function aboutStall(f: Finding, evidence: Evidence): boolean {
  const suspects = evidence.trace?.stall?.suspects ?? [];
  const modules = new Set(suspects.flatMap((s) => (s.module ? [s.module] : [])));
  if ((f.modules ?? []).some((m) => modules.has(m))) return true;
  const marks = suspects.flatMap((s) => [s.url, s.repo, s.lockFile].filter((x): x is string => !!x));
  return f.evidence.some((line) => marks.some((m) => line.includes(m)));
}

/** compareFindings, with a stall's own causes before other findings of the same severity (the stall is what the user waits on). */
function rankUnderStall(evidence: Evidence): (a: Finding, b: Finding) => number {
  if (!evidence.trace?.stall) return compareFindings;
  const about = new Map<Finding, number>();
  const rank = (f: Finding): number => {
    let r = about.get(f);
    if (r === undefined) about.set(f, (r = aboutStall(f, evidence) ? 0 : 1));
    return r;
  };
  return (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || rank(a) - rank(b) || compareFindings(a, b);
}

/** All findings for the evidence, ranked best cause first. Never throws for a rule's sake. */
export function diagnoseEvidence(evidence: Evidence): Finding[] {
  const all = dedupe(RULE_FAMILIES.flatMap((family) => runFamily(family, evidence)));
  all.sort(compareFindings);
  return withHttpsProxyFixes(withDirectFetchFixes(withReplacements(foldSymptoms(all).sort(rankUnderStall(evidence)), evidence), evidence), evidence);
}
