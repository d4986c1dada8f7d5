// GMD104: a GOPROXY entry answers, with a server error (5xx), with its own
// machine's failure quoted in a 4xx (`no space left on device`), or with the
// failure of its own fetch from the module's origin. Which way round there is
// (the separator, the next entry, a mirror) and whether it passes on retry
// decide the fixes.
import type { Finding } from "../report/schema.js";
import { proxyRetryAfter, statusAnswer } from "./facts.js";
import { makeFinding, shellQuote } from "./fixes.js";
import { isPublicProxyHost, serverFaultIn, serverResponse } from "./hosts.js";
import { endpointOf, hostOf } from "./net-text.js";
import { observe, originFailureEvidence, originFailureOf, uniqueModules, type Observation } from "./observe.js";
import { pipeListFix } from "./proxy-detour-fixes.js";
import { failingUrl, filesOnly, type ProxyEndpoint } from "./proxy-endpoint.js";
import { requestName, retryCommand } from "./request-name.js";
import { nextEntry, proxyUrls } from "./settings-view.js";
import type { CauseInfo, Evidence } from "./types.js";

export const PROXY_5XX: CauseInfo = {
  code: "GMD104",
  name: "proxy-server-error",
  title: "The module proxy answers with a server error",
  explain:
    "The proxy answered 5xx (500, 502, 503, 504). With a `,` separator in GOPROXY the go command does not fall through to the next entry on such " +
    "errors (only on 404/410); with `|` it does. A proxy may also quote its own failure in a 404 answer (goproxy.io once answered " +
    "`not found: MOD@VER: no space left on device`): the module exists and this machine's disk is fine; the fault is the proxy's. " +
    "The public proxy fetches over https only: a vanity path whose go-import tag names an ssh:// repository (`fatal: transport 'ssh' not allowed`) " +
    "is not found there until the tag names an https URL. " +
    "A public proxy answering 403 Forbidden (it takes no credentials) is refusing by policy: a region it does not serve, or an egress " +
    "control such as VPC Service Controls blocking the storage it redirects zips to. " +
    "A company's proxy (Artifactory, Nexus, Athens) answering a bare 404 for a module on a public host (github.com, golang.org) usually " +
    "does not fetch it from upstream (a hosted-only repository, a remote not pointed at a public mirror): the public mirror tells whether the version exists. " +
    "Retry later or ask the proxy's operators; a `|` separator lets the go command try the next entry.",
};

/** GMD104 for the endpoint's own faults, failed origin fetches and 5xx answers. */
export function serverErrorFindings(p: ProxyEndpoint): Finding[] {
  const { e, obs, host, hostname, severity, modules, evidence, mirror, fallsThrough, reported } = p;
  const out: Finding[] = [];
  const faults = obs.filter((o) => o.status !== undefined && o.status < 500 && serverFaultIn(o.details.join("\n")) !== undefined);
  if (faults.length > 0) {
    const fault = serverFaultIn(faults[0]!.details.join("\n"))!;
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} fails on its side ("${fault}")`,
        severity,
        confidence: 0.9,
        why:
          `${host} answered ${faults[0]!.status} and its response says "${fault}": that is the proxy's own machine, not this one and not the module. ` +
          "The module is not missing; the proxy could not serve it. Nothing needs fixing locally.",
        evidence: [...new Set(faults.flatMap((o) => [o.text, ...o.details.slice(0, 1)]))].slice(0, 4),
        modules: uniqueModules(faults),
        fixes: [
          { summary: `Tell ${host}'s operators and retry later`, commands: [`curl -sS ${faults[0]!.url}`] },
          ...(mirror
            ? [mirror]
            : [
                {
                  summary: "Meanwhile fetch through another source for this run",
                  commands: [hostname === "proxy.golang.org" ? "GOPROXY=direct go mod download" : "GOPROXY=https://proxy.golang.org,direct go mod download"],
                  caution: "A one-off setting for this command; go env stays as it is.",
                },
              ]),
        ],
      }),
    );
  }
  const originFailed = obs.filter((o) => originFailureOf(o) !== undefined);
  if (originFailed.length > 0) {
    const first = originFailed[0]!;
    const failure = originFailureOf(first)!;
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} could not fetch ${first.module} from its origin`,
        severity,
        confidence: 0.85,
        why:
          `${host} answered ${first.status} because its own fetch of the module failed ("${failure}"): the module exists, and the failure is the ` +
          "proxy's (or its path to the origin), not this machine's. It usually passes; until then, fetch from the origin directly.",
        evidence: originFailureEvidence(originFailed),
        modules: uniqueModules(originFailed),
        fixes: [
          { summary: "Retry later", commands: [`curl -sS ${first.url}`] },
          mirror ?? {
            summary: "Meanwhile fetch this module straight from its repository for this run",
            commands: [`GOPROXY=direct go mod download ${first.module}`],
            caution: "A one-off setting for this command; go env stays as it is. direct needs git and access to the repository host.",
          },
        ],
      }),
    );
  }
  const errors = obs.filter((o) => o.status !== undefined && o.status >= 500);
  // The entry a ',' list would not fall through to: named, so the user sees the way round.
  const next = fallsThrough ? undefined : nextEntry(e, errors[0]?.url ?? obs[0]!.url)?.raw;
  // Falling through to `off` is no way round.
  const nextAfter = next === "off" ? undefined : next;
  if (errors.length > 0) {
    // A 503 with Retry-After is a planned outage (maintenance): how long to wait is the proxy's own word.
    const retryAfter = proxyRetryAfter(e, endpointOf(errors[0]!.url) ?? host);
    const later = retryAfter ? `after the wait it asks for (Retry-After: ${retryAfter})` : "later";
    // A company's own proxy fails on its fetch upstream (its origin, the public mirror): its answer and log say why.
    const own = !isPublicProxyHost(hostOf(errors[0]!.url)) && errors[0]!.url.startsWith("http");
    // A proxy that serves the run's other requests fails on these files only: named, so the title says what it cannot serve.
    const files = filesOnly(e, errors);
    const passing = TRANSIENT_5XX.has(errors[0]!.status!) ? probeServedModule(e, errors) : undefined;
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} answers ${errors[0]!.status}${files ? ` for ${files}` : ""}`,
        severity,
        confidence: 0.85,
        why:
          `${host} answered with a server error (${[...new Set(errors.map((o) => o.status))].join(", ")})${retryAfter ? ` and asks to wait (Retry-After: ${retryAfter})` : ""}; ` +
          (fallsThrough
            ? reported
              ? "the '|' after it in GOPROXY lets the go command go on to the next entry."
              : "GOPROXY already separates it from the next entry with '|', so the go command goes on there after this error: it alone does not stop a download."
            : next === "off"
              ? "the next GOPROXY entry is off, so there is no other source to fall through to."
              : nextAfter
                ? `the go command does not fall through to the next GOPROXY entry (${nextAfter}) on it unless the separator is '|'.`
                : "it is the last GOPROXY entry, so there is no other source to fall through to.") +
          (own
            ? ` ${host} is not a public mirror but a proxy run by you or your company (Athens, Artifactory, Nexus): it answers ${errors[0]!.status} when its own fetch of the module ` +
              "(from the origin or a public mirror) fails, and its log says why."
            : "") +
          (passing
            ? fileKind(passing.url) === fileKind(errors[0]!.url)
              ? ` It answered gomod-doctor's request for ${passing.name} (${passing.status}) moments later: a ${errors[0]!.status} that comes and goes ` +
                "(an overloaded or partly failing backend behind a load balancer), so a retry usually passes."
              : // Another file of the module was served: the proxy is up, but that says nothing of the file that failed.
                ` It answered gomod-doctor's request for ${passing.name} (${passing.status}) moments later, so it is up and serves this module; ` +
                `the ${errors[0]!.status} for ${requestName(errors[0]!.url, proxyUrls(e))} either comes and goes (a retry passes) or that file alone fails there (a retry fails the same way).`
            : ""),
        evidence: [
          ...(retryAfter ? [...evidence.slice(0, 3), `probe: Retry-After: ${retryAfter}`] : evidence),
          ...serverSaid(e, errors),
          ...(passing ? [`probe: ${passing.url} answered ${passing.status}`] : []),
        ],
        modules,
        fixes: [
          nextAfter
            ? pipeListFix(e, `Retry ${later}, or ask the proxy's operators; meanwhile let the go command fall through to ${nextAfter} on errors with '|' (',' only falls through on 404/410)`)
            : next === "off"
              ? { summary: `Retry ${later}, or ask the proxy's operators; or add another source before off`, commands: ["go env GOPROXY"] }
              : fallsThrough
                ? { summary: `Retry ${later}, or ask the proxy's operators (GOPROXY already goes on to the next entry on its errors: '|')`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${errors[0]!.url}`, retryCommand(errors, proxyUrls(e))] }
                : { summary: `Retry ${later}, or ask the proxy's operators`, commands: [retryCommand(errors, proxyUrls(e))] },
          ...(own
            ? [
                {
                  summary: `Read ${host}'s answer, then its server log for this request: the error of its own fetch upstream is there`,
                  commands: [`curl -sS -i ${shellQuote(errors[0]!.url)}`],
                },
              ]
            : [{ summary: "See the proxy's answer to the failing request (its body often says why)", commands: [`curl -sS -D - ${failingUrl(errors)}`] }]),
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  return out;
}

/** Statuses a gateway or an overloaded server sends for a while: another try can pass. */
const TRANSIENT_5XX = new Set([502, 503, 504]);

/** The probe's own request for a module go got a server error for, answered 2xx: the proxy serves it now. */
function probeServedModule(e: Evidence, errors: Observation[]): { name: string; url: string; status: string } | undefined {
  const failed = new Set(uniqueModules(errors));
  const endpoint = endpointOf(errors[0]!.url);
  for (const o of observe(e).filter((x) => x.source === "probe" && endpointOf(x.url) === endpoint)) {
    const http = o.source === "probe" && !o.endpoint?.failedStep ? o.endpoint?.http : undefined;
    if (!http?.url || http.status === undefined || http.status < 200 || http.status >= 300 || !failed.has(o.endpoint?.module ?? "")) continue;
    return { name: requestName(http.url, proxyUrls(e)), url: http.url, status: statusAnswer(http) };
  }
  return undefined;
}

/** The file a module proxy URL asks for: `.info`, `.mod`, `.zip`, `list`, `@latest`; the path itself otherwise. */
function fileKind(url: string): string {
  return /(\.(?:info|mod|zip)|\/@v\/list|\/@latest)(?:\?.*)?$/.exec(url)?.[1] ?? url;
}

/** What the proxy's 5xx answers said (go quotes the body as `server response:`): the proxy's own words on why. */
function serverSaid(e: Evidence, errors: Observation[]): string[] {
  const urls = new Set(errors.map((o) => o.url));
  const said = (e.trace?.errors ?? [])
    .filter((x) => [...urls].some((u) => x.message.includes(u)))
    .map((x) => serverResponse(x.details).split("\n").join(" ").slice(0, 300))
    .filter(Boolean);
  return [...new Set(said)].slice(0, 2);
}
