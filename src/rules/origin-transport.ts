// A public proxy or checksum database answering not found because its fetch of
// a vanity path's repository refused the protocol the go-import tag names
// (`fatal: transport 'ssh' not allowed`): they fetch over https only. The
// module exists; its tag is what to fix (or GOPRIVATE, for a private module).
// GMD205 for the database, GMD104 for the proxy: those families list the causes.
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding, settingFix } from "./fixes.js";
import { isPublicProxyHost, isPublicSumdbHost, moduleHost, refusedTransportIn, serverResponse } from "./hosts.js";
import { PROXY_5XX } from "./proxy-server-error.js";
import { observe, uniqueModules, type Observation } from "./observe.js";
import { goprivateFor } from "./settings-view.js";
import { SUMDB_ORIGIN_FAILED } from "./sumdb.js";
import type { Evidence, RuleFamily } from "./types.js";

/** The refused protocol of a proxy's or database's 404/410, else undefined. */
export function refusedTransportOf(o: Observation): string | undefined {
  if ((o.status !== 404 && o.status !== 410) || !o.module || (o.role !== "proxy" && o.role !== "sumdb")) return undefined;
  return refusedTransportIn(serverResponse(o.details));
}

function refusals(e: Evidence): Finding[] {
  const hits = observe(e).filter((o) => refusedTransportOf(o) !== undefined);
  return (["sumdb", "proxy"] as const).flatMap((role) => {
    const mine = hits.filter((o) => o.role === role);
    if (mine.length === 0) return [];
    const first = mine[0]!;
    const transport = refusedTransportOf(first)!;
    const modules = uniqueModules(mine);
    const module = modules[0]!;
    // "an ssh://", "a git://"
    const names = `${/^[aefhilmnorsx]/i.test(transport) ? "an" : "a"} ${transport}://`;
    const server = role === "sumdb" ? `The checksum database ${first.host}` : `The module proxy ${first.host}`;
    // Only the public services are known to fetch over https alone; a proxy or database run by a company refuses by its own git's setup.
    const isPublic = role === "sumdb" ? isPublicSumdbHost(first.host) : isPublicProxyHost(first.host);
    const what = role === "sumdb" ? "checksum database" : "proxy";
    return [
      makeFinding(role === "sumdb" ? SUMDB_ORIGIN_FAILED : PROXY_5XX, {
        title: `${server} cannot fetch ${modules.slice(0, 2).join(", ")}${modules.length > 2 ? ", ..." : ""}: its go-import tag names ${names} repository`,
        severity: failingSeverity(e),
        confidence: 0.85,
        why: isPublic
          ? `${first.host} answered ${first.status} because its git refused the ${transport} protocol ("transport '${transport}' not allowed"): the public proxy and ` +
            `checksum database fetch repositories over https only, and the go-import meta tag at https://${module}?go-get=1 names ${names} repository. ` +
            "The module is not missing; no version of it can be fetched there until the tag names an https URL."
          : `${first.host} answered ${first.status} because its git refused the ${transport} protocol ("transport '${transport}' not allowed"): it is a ${what} run by you or ` +
            `your company (Athens, Artifactory, Nexus...), it fetches the module itself, and the git it runs is set to refuse ${transport} (GIT_ALLOW_PROTOCOL or git's ` +
            `protocol.allow in its environment), while the go-import meta tag at https://${module}?go-get=1 names ${names} repository. The module is not missing: ` +
            `the ${what}'s git setup and the tag disagree.`,
        evidence: [...new Set(mine.flatMap((o) => [o.text, ...serverResponse(o.details).split("\n").filter((l) => /not allowed|^not found:/.test(l))]))].slice(0, 4),
        modules,
        fixes: [
          {
            summary: `If you publish ${module}: make the go-import tag on ${moduleHost(module)} name the repository's https:// URL`,
            commands: [`curl -sS 'https://${module}?go-get=1' | grep -i go-import`],
            caution: `The tag reads <meta name="go-import" content="${module} git https://HOST/OWNER/REPO">; git users who want ssh can still rewrite it with url.insteadOf.`,
          },
          ...(isPublic
            ? []
            : [
                {
                  summary: `Or, for ${first.host}'s operators: let its git use ${transport} for this host (and give it the access it needs), then retry`,
                  commands: [`curl -sS -i '${first.url}'`],
                  caution: `The refusal is in the environment the ${what} runs git in (GIT_ALLOW_PROTOCOL, git config protocol.${transport}.allow): its operators change it there, not on this machine.`,
                },
              ]),
          settingFix(
            e,
            isPublic
              ? "If the module is private, keep it away from the public proxy and checksum database (fetched directly, with your own git access)"
              : `If the module is private, fetch it directly with your own git access instead of through ${first.host}, and keep it from the checksum database`,
            "GOPRIVATE",
            goprivateFor(e, modules),
            "Only for a private module: for a public one this turns its checksum verification off; the tag is the fix.",
          ),
        ],
      }),
    ];
  });
}

export const originTransportFamily: RuleFamily = {
  family: "origin-transport",
  // GMD205 and GMD104 are listed by the sumdb and network families; this family only adds their refused-transport forms.
  causes: [],
  evaluate: refusals,
};
