// GMD112: something answers at a GOPROXY entry's address, but not with usable
// HTTP: invalid HTTP/2 frames, garbage or endless headers, a failed TLS
// handshake that is not about the certificate, a page in a proxy answer's
// place, or the wrong scheme for the port (plain http at https://, TLS at http://).
import { PROBE_CODES } from "../probes/net/errors.js";
import type { Finding } from "../report/schema.js";
import { goSaidBadFileAt } from "./bad-files.js";
import { makeFinding, settingFix, shellQuote } from "./fixes.js";
import { isPublicProxyHost } from "./hosts.js";
import { http2Fixes } from "./http2-cut-text.js";
import { connectTarget, endpointOf, http2CutIn } from "./net-text.js";
import type { Observation } from "./observe.js";
import { failingUrl, filesOnly, redirectFix, redirectTarget, subject, type ProxyEndpoint } from "./proxy-endpoint.js";
import { goproxyEntries, goproxyOverScheme } from "./settings-view.js";
import type { CauseInfo } from "./types.js";

export const PROXY_BAD_RESPONSE: CauseInfo = {
  code: "GMD112",
  name: "proxy-bad-response",
  title: "The module proxy does not answer with usable HTTP",
  explain:
    "Something answers at the proxy's address, but not as an HTTP module proxy: bytes that are not HTTP (`malformed HTTP response`), " +
    "headers that never end, or redirects in a loop (`stopped after 10 redirects`); or, to the probe's module request, a 200 that is no " +
    "proxy's answer (an HTML login page, an `.info` that is not JSON with a Version, a body that never ends). Told apart from a refused connection (nothing listens), " +
    "a blackhole (nothing answers) and a server error (a proper 5xx): here the answer itself is broken. Usual causes: GOPROXY names the wrong port " +
    "(another service listens there), an https proxy addressed as http (or the reverse), a captive portal or a misconfigured reverse proxy. " +
    "Check the URL in GOPROXY and what the address really serves. An HTTP/2 stream reset with PROTOCOL_ERROR is this too, but with the right address: " +
    "the HTTP/2 frames of the proxy (or of what terminates HTTP/2 in front of it) are invalid; `GODEBUG=http2client=0` (HTTP/1.1) tests that.",
};

/**
 * What asking a proxy over http:// means (cmd/go/internal/web: proxies are fetched with DefaultSecurity, which allows http://;
 * ~/.netrc is added to https requests only; a URL with user info over http is refused).
 */
const PLAIN_HTTP_PROXY_CAUTION =
  "The go command accepts http:// GOPROXY entries (GOINSECURE plays no part: it never applies to GOPROXY). Over http:// nothing is encrypted, " +
  "go sends no ~/.netrc credentials, and it refuses credentials written in the URL: a proxy that needs a login has to stay on https://.";

/** net/http's answer when an https:// URL reaches a server that speaks plain http. */
const PLAIN_HTTP_ON_HTTPS = /server gave HTTP response to HTTPS client/;

/** net/http gives up on a chain of redirects: `stopped after 10 redirects` (go), `stopped after N redirects (last to …)` (the probe). */
const REDIRECT_LOOP = /stopped after \d+ redirects/;

/** GMD112 for the endpoint's broken answers: HTTP/2 protocol errors, garbage, failed handshakes, plain http at an https:// entry. */
export function badResponseFindings(p: ProxyEndpoint): Finding[] {
  const { e, obs, host, hostname, who, Who, severity, evidence, modules, mirror, logged, dns, refused } = p;
  const out: Finding[] = [];
  // A TLS failure that is not about the certificate (tls.ts judges trust, dates and name, and then explains
  // any handshake failure with the same host): the handshake itself is refused or is not TLS.
  const certJudged = obs.some((o) => o.failure === "tls-untrusted" || o.failure === "tls-expired" || o.failure === "tls-hostname");
  const broken = obs.filter((o) => (o.failure === "protocol" || (o.failure === "tls-other" && !certJudged)) && !o.viaHttpProxy);
  const answer = broken.find(notProxyAnswer)?.endpoint?.http;
  const page = answer?.message;
  const wrongVersion = answer?.code === PROBE_CODES.wrongVersion;
  const cut = answer?.code === PROBE_CODES.cutAnswer;
  // go's own words for a wrong or cut .info already make proxy-answers.ts's finding: the probe's reading of it is evidence there, not a second finding.
  const goSaid = (re: RegExp): boolean => (e.trace?.errors ?? []).some((x) => re.test(x.message));
  // So does a web page in an .info's place (go: `invalid response from proxy`): that finding names the module and quotes the probe.
  const pageForInfo = answer?.code === PROBE_CODES.notProxyAnswer && /\.info$/.test(answer.url ?? "");
  // And a page in any file's place when go already said a file from this server was not the one asked for
  // (`parsing go.mod: missing module line` for a portal that answers every request): one finding, which quotes the probe.
  const pageSaidByGo = answer?.code === PROBE_CODES.notProxyAnswer && goSaidBadFileAt(e, endpointOf(answer.url ?? ""));
  const saidByGo = (wrongVersion && goSaid(/instead of requested version/)) || ((cut || pageForInfo) && goSaid(/invalid response from proxy/)) || pageSaidByGo;
  // A stream reset with PROTOCOL_ERROR: HTTP/2 frames one side found invalid, not a wrong port or scheme.
  const h2Broken = broken.length > 0 && broken.every((o) => http2CutIn(o.text) !== undefined) ? http2CutIn(broken[0]!.text) : undefined;
  if (h2Broken && dns.length === 0 && refused.length === 0) {
    const url = broken.find((o) => o.url)?.url || (logged ? `${logged.url.replace(/\/+$/, "")}/` : hostname ? `https://${host}/` : undefined);
    out.push(
      makeFinding(PROXY_BAD_RESPONSE, {
        title: `The module proxy ${host} breaks the HTTP/2 protocol (${h2Broken.code ?? "PROTOCOL_ERROR"})`,
        severity,
        confidence: 0.8,
        why:
          `${Who} answered over HTTP/2, and the stream carrying the response was reset with ${h2Broken.code ?? "PROTOCOL_ERROR"}: one side sent HTTP/2 frames the other ` +
          "found invalid (go's client checks the server's frames; `received from peer` means the server said it of go's request). The HTTP/2 implementation of the proxy, " +
          "or of the CDN, load balancer or TLS-inspecting proxy that terminates HTTP/2 in front of it, is at fault, not GOPROXY's scheme or port." +
          (isPublicProxyHost(hostname) ? ` A fault of ${host}'s side shows in many users' jobs at once and is fixed there.` : ""),
        evidence,
        modules,
        fixes: [
          { summary: "Retry: modules that finished stay in the module cache", commands: ["go mod download -x"] },
          ...http2Fixes(who, url),
          mirror ?? { summary: "Or fetch from another source for this run: straight from the repositories", commands: ["GOPROXY=direct go mod download"], caution: "direct needs git and network access to every repository host." },
        ],
      }),
    );
  } else if (broken.length > 0 && dns.length === 0 && refused.length === 0 && !saidByGo) {
    const handshake = broken.every((o) => o.failure === "tls-other");
    // The proxy answered and sent the download on: the host it names is the one that breaks, not GOPROXY's entry.
    const target = redirectTarget(broken);
    const plainHttp = target !== undefined && broken.every((o) => PLAIN_HTTP_ON_HTTPS.test(o.text));
    // go's own words for the GOPROXY entry itself: its port answers plain HTTP, the entry says https (the probe's TLS read agrees or is absent).
    const goSawPlain = broken.filter((o) => o.source === "trace");
    const plainEntry = target === undefined && goSawPlain.length > 0 && goSawPlain.every((o) => PLAIN_HTTP_ON_HTTPS.test(o.text));
    const plainAt = plainEntry ? (endpointOf(goSawPlain[0]!.url) ?? host) : undefined;
    // Credentials in the entry's URL: over http:// go refuses the request outright (web.Get's "refusing to pass credentials to insecure URL").
    const credentialed = plainAt !== undefined && goproxyEntries(e).some((x) => x.kind === "url" && x.url !== undefined && endpointOf(x.url) === plainAt && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(x.raw));
    const overHttp = plainAt && !credentialed ? goproxyOverScheme(e, plainAt, "http") : undefined;
    // go's `stopped after 10 redirects` (net/http's limit): each answer redirects to another redirect, not garbage on the wire.
    const loop = !target && !handshake && broken.every((o) => REDIRECT_LOOP.test(o.text));
    if (loop) {
      const files = filesOnly(e, broken);
      const url = failingUrl(broken);
      out.push(
        makeFinding(PROXY_BAD_RESPONSE, {
          title: `The module proxy ${host} redirects ${files ?? "the requests"} in a loop (go stopped after 10 redirects)`,
          severity,
          confidence: 0.85,
          why:
            `${host} answers ${files ? `the request for ${files}` : "the requests"} with a redirect whose target redirects again, round and round: the go command follows ten and gives up. ` +
            "A rewrite rule in the proxy or the web server in front of it that sends the URL back to itself (http to https and back, a trailing-slash or sign-in redirect to the same page), " +
            `or a storage or CDN base URL that points at the proxy itself.${files ? ` It served this run's other requests, so the loop is in how it answers ${files.startsWith("the zip") ? "zips" : "these files"}.` : ""}`,
          evidence,
          modules,
          fixes: [
            {
              summary: `See where ${host} sends it, hop by hop (the Location headers repeat)`,
              commands: [`curl -sS -o /dev/null -L --max-redirs 12 -w '%{num_redirects} redirects, last %{url_effective}\\n' ${shellQuote(url)}`, `curl -sS -D - -o /dev/null ${shellQuote(url)}`],
            },
            { summary: `Ask ${host}'s operators to fix the redirect rule (or the download base URL in its configuration); then retry`, commands: ["go mod download -x"] },
            ...(mirror ? [mirror] : []),
          ],
        }),
      );
    } else if (plainEntry) {
      out.push(
        makeFinding(PROXY_BAD_RESPONSE, {
          title: `The module proxy ${host} speaks plain http, but GOPROXY names it with https://`,
          severity,
          confidence: 0.9,
          why:
            `GOPROXY asks ${host} over https, and the server on that port answers in plain HTTP, not TLS (go: \`http: server gave HTTP response to HTTPS client\`): ` +
            "the entry's scheme is wrong (the proxy serves http:// there) or its port is the plain-HTTP one and TLS is served on another port.",
          evidence,
          modules,
          fixes: [
            { summary: `See that ${host} answers over http:// at that port`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${(goSawPlain[0]!.url || `https://${host}/`).replace(/^https:/, "http:")}`] },
            ...(overHttp
              ? [
                  settingFix(
                    e,
                    `Then ask it over http:// (or keep https:// with the port where ${host} serves TLS)`,
                    "GOPROXY",
                    overHttp,
                    PLAIN_HTTP_PROXY_CAUTION,
                  ),
                ]
              : credentialed
                ? [
                    {
                      summary: `Then keep https:// and give the port where ${host} serves TLS: the entry carries credentials, and over http:// the go command refuses to send them ("refusing to pass credentials to insecure URL")`,
                      commands: ["go env GOPROXY"],
                    },
                  ]
                : [{ summary: "Then fix the scheme or port of that GOPROXY entry", commands: ["go env GOPROXY"] }]),
            ...(mirror ? [mirror] : []),
          ],
        }),
      );
    } else out.push(
      makeFinding(PROXY_BAD_RESPONSE, {
        title: plainHttp
          ? `${subject(host, target)} speaks plain http at that https:// address`
          : target
            ? `${subject(host, target)} ${handshake ? "fails the TLS handshake" : "does not answer with usable HTTP"}`
            : handshake
              ? `The TLS handshake with the module proxy ${host} fails`
              : `The module proxy ${host} does not answer with usable HTTP`,
        severity,
        confidence: broken.some((o) => o.source === "probe") ? 0.85 : handshake ? 0.7 : 0.8,
        why: plainHttp
          ? `${host} answers, but redirects the downloads to ${target.url}, and the server there answers in plain http, not TLS: the storage or CDN ` +
            `base URL configured in the proxy has the wrong scheme (https:// for an http-only server) or the wrong port. GOPROXY itself is right; ` +
            "the go command follows the redirect as given."
          : target
            ? `${host} answers, but redirects the downloads to ${target.name}, and ${handshake ? "the TLS handshake with it fails" : "its answer is not HTTP the go command can use"}: ` +
              "the storage or CDN address configured in the proxy is wrong, or that host is misconfigured. GOPROXY itself is right."
            : page
          ? wrongVersion
            ? `${host} answers as a module proxy, but wrongly: ${page}. A misconfigured or broken proxy (a cache serving another version's file).`
            : cut
            ? `${host} answers as a module proxy, but its answer is broken: ${page}. That is the proxy's own file, cut or corrupt (partly written in its storage or cache, or cut on the way out), not a page in its place.`
            : `Something answers at ${host}, but not as a module proxy: ${page}. A captive portal, a login page or a corporate proxy's error page in front of it, or GOPROXY naming the wrong server.`
          : handshake
            ? `Whatever answers at ${host} refuses or breaks the TLS handshake (before any certificate is judged): for a public proxy, a firewall or TLS-inspecting proxy that filters by the name asked for; ` +
              "for a company proxy, a TLS version or cipher it does not share with the go command, a client certificate it requires, or a port that does not speak TLS at all."
            : `Something answers at ${host}, but its answer is not HTTP the go command can use (garbage, endless headers or a redirect loop): the wrong port or scheme in GOPROXY, or a misconfigured server in front of the proxy.`,
        evidence,
        modules,
        fixes: [
          ...(target
            ? [
                redirectFix(host, target, broken[0]!.url),
                {
                  summary: `Fix the download (storage or CDN) base URL in ${host}'s configuration${plainHttp ? ": http:// for that server, or the port where it serves TLS" : ""}`,
                  // Asked over http://, the address answers: what the proxy's redirect should have said.
                  commands: [plainHttp ? `curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${target.url.replace(/^https:/, "http:")}` : `curl -sv -m 10 -o /dev/null ${target.url}`],
                },
              ]
            : [
                handshake && hostname
                  ? {
                      summary: `See where the handshake with ${host} breaks, and who answers`,
                      commands: [`openssl s_client -connect ${connectTarget(broken[0]!.url) ?? `${hostname}:443`} -servername ${hostname} </dev/null`, `curl -sv -m 10 -o /dev/null ${broken[0]!.url || `https://${host}/`}`],
                      caution: "From another network (a phone hotspot) the same commands tell a filter on this network from a fault of the proxy.",
                    }
                  : { summary: `Check the scheme and port in GOPROXY, and what ${host} really serves there`, commands: ["go env GOPROXY", `curl -sv --max-redirs 3 -m 10 -o /dev/null ${broken[0]!.url || `https://${host}/`}`] },
              ]),
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  return out;
}

/** The probe of an http:// entry whose port completed a TLS handshake after closing the plain request. */
export function tlsPortOf(obs: Observation[]): Observation["endpoint"] {
  return obs.find((o) => o.url.startsWith("http://") && o.endpoint?.tlsOnPort?.protocol !== undefined)?.endpoint;
}

/** GMD112 for an http:// entry whose port speaks TLS: the scheme is wrong, nothing resets. */
export function tlsPortFindings(p: ProxyEndpoint): Finding[] {
  const { e, obs, host, severity, evidence, modules, mirror, dns, refused } = p;
  const out: Finding[] = [];
  const tlsPort = tlsPortOf(obs);
  if (tlsPort && dns.length === 0 && refused.length === 0) {
    const tls = tlsPort.tlsOnPort!;
    const overHttps = goproxyOverScheme(e, endpointOf(tlsPort.url) ?? host, "https");
    out.push(
      makeFinding(PROXY_BAD_RESPONSE, {
        title: `The module proxy ${host} speaks TLS (https), but GOPROXY names it with http://`,
        severity,
        confidence: 0.9,
        why:
          `GOPROXY asks ${host} in plain HTTP, and the server on that port expects TLS: it closes the connection without an answer ` +
          "(go says only `EOF`) or answers 400. A TLS handshake at the same port completes, so the entry's scheme is wrong, or its port is the TLS one and plain HTTP is served on another.",
        evidence: [
          `probe goproxy:${tlsPort.url}: a TLS handshake at port ${tlsPort.port} completes (${tls.protocol}${tls.subject ? `, certificate for ${tls.subject}` : ""}${tls.trust === "untrusted" ? ", not trusted here" : ""})`,
          ...evidence,
        ],
        modules,
        fixes: [
          { summary: `See that ${host} answers over https:// at that port`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${tlsPort.url.replace(/^http:/, "https:")}`] },
          overHttps
            ? settingFix(
                e,
                `Then ask it over https:// (or keep http:// with the port where ${host} serves plain HTTP)`,
                "GOPROXY",
                overHttps,
                tls.trust === "untrusted" ? "Its certificate is not trusted here: over https:// go then fails with an x509 error until the issuing CA is trusted (SSL_CERT_FILE, or the system store)." : undefined,
              )
            : { summary: "Then fix the scheme or port of that GOPROXY entry", commands: ["go env GOPROXY"] },
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  return out;
}

/** The probe's module request got a 2xx that is no proxy's answer (src/probes/net/proxy-answer.ts): a broken answer, like garbage. */
function notProxyAnswer(o: Observation): boolean {
  const code = o.source === "probe" && o.endpoint?.failedStep === "http" ? o.endpoint.http?.code : undefined;
  return code === PROBE_CODES.notProxyAnswer || code === PROBE_CODES.answerTooLarge || code === PROBE_CODES.wrongVersion || code === PROBE_CODES.cutAnswer;
}
