// GMD111: connections to a GOPROXY entry open and are then cut: reset, closed
// before any answer (`EOF`), closed mid-body (`unexpected EOF`), or HTTP/2's
// own cuts (stream reset, GOAWAY, a connection go closed).
import type { Finding } from "../report/schema.js";
import { makeFinding, plural, shellQuote } from "./fixes.js";
import { http2Fixes, http2Title, http2Why } from "./http2-cut-text.js";
import { http2CutIn } from "./net-text.js";
import type { ProxyEndpoint } from "./proxy-endpoint.js";
import type { CauseInfo, Evidence } from "./types.js";
import type { HttpFacts } from "../probes/types.js";
import { CONNECTION_CUT_CODES } from "../probes/net/errors.js";
import { decodeRequestUrl } from "../trace/url.js";
import { formatBytes } from "../util/format.js";
import { bytesRead, probeZipRead } from "./facts.js";
import { skipEntryFix } from "./proxy-detour-fixes.js";
import type { Observation } from "./observe.js";

export const PROXY_RESET: CauseInfo = {
  code: "GMD111",
  name: "proxy-reset",
  title: "Connections to the module proxy are cut (connection reset)",
  explain:
    "The proxy's address accepted the connection, and then it was torn down: `read: connection reset by peer` (or `unexpected EOF`, a body " +
    "that ends early) while a response, usually a large zip, was on its way. Told apart from a refused connection (`connect: connection refused`, " +
    "nothing listens: immediate, at connect time) and from a blackholed proxy (no answer at all, `i/o timeout`): here data flowed and then " +
    "stopped with a reset. Something on the path cuts long transfers: a firewall or TLS-inspecting proxy, a NAT or VPN dropping the connection, " +
    "a Docker network with a smaller MTU, or an overloaded proxy. Retrying keeps what already arrived (the module cache keeps finished modules); " +
    "when it keeps happening, test a large download by hand and fetch from another source (a mirror, or `direct` from the repositories). " +
    "Over HTTP/2 the cut has its own words: a stream reset (`stream error: stream ID N; INTERNAL_ERROR`), a GOAWAY (`http2: server sent GOAWAY and closed the connection`), " +
    "or a connection go closed after a write on it failed (`http2: client connection force closed via ClientConn.Close`); `GODEBUG=http2client=0` makes go use " +
    "HTTP/1.1 and tells a fault of HTTP/2 (in the proxy or the CDN, load balancer or TLS-inspecting proxy in front of it) from one of the path.",
};

/** net/http when the server closed the connection before the first byte of a response (`unexpected EOF` is a body cut short). */
const CLOSED_UNANSWERED = /: EOF\b/;

/**
 * The probe's own read of a zip go's run had cut, on a new connection moments later: cut again (the server
 * cuts this zip every time: a retry fails the same way) or read without a cut (that connection's fault).
 */
function probeReadOfCutZip(e: Evidence, zips: Observation[]): { again: boolean; zip: HttpFacts } | undefined {
  for (const o of zips.filter((x) => x.source === "trace")) {
    const t = decodeRequestUrl(o.url);
    const zip = t.module && t.version ? probeZipRead(e, t.module, t.version) : undefined;
    if (zip?.code !== undefined && CONNECTION_CUT_CODES.has(zip.code)) return { again: true, zip };
    if (zip?.ok && (zip.bytes ?? 0) > 0) return { again: false, zip };
  }
  return undefined;
}

/** GMD111 for the endpoint's cut connections (none when its name did not resolve, or its port speaks TLS to an http:// entry). */
export function resetFindings(p: ProxyEndpoint, portSpeaksTls: boolean): Finding[] {
  const { obs, host, hostname, who, Who, severity, evidence, modules, mirror, logged, dns } = p;
  const out: Finding[] = [];
  const reset = portSpeaksTls ? [] : obs.filter((o) => (o.failure === "reset" || o.failure === "eof") && !o.viaHttpProxy);
  if (reset.length > 0 && dns.length === 0) {
    const atConnect = reset.some((o) => /connect: connection reset/.test(o.text));
    const zips = reset.filter((o) => /\.zip\b/.test(o.url) || /\.zip"/.test(o.text));
    // net/http's bare `EOF` (not `unexpected EOF`): the connection closed before the first byte of a response.
    const seen = reset.filter((o) => o.source === "trace");
    const unanswered = seen.length > 0 && seen.every((o) => CLOSED_UNANSWERED.test(o.text));
    // `unexpected EOF` is a body that ended early (the peer closed), not a TCP reset.
    // go's own words decide; the probe's read of the same zip is judged on its own below.
    const closedEarly = (seen.length > 0 ? seen : reset).every((o) => o.failure === "eof");
    // Every cut was HTTP/2's own (a stream reset, a GOAWAY, a connection go closed): said so, with HTTP/1.1 as the test.
    const h2 = reset.every((o) => http2CutIn(o.text) !== undefined) ? http2CutIn(reset[0]!.text) : undefined;
    const failingUrl = (zips[0] ?? reset.find((o) => o.url) ?? reset[0])!.url || (logged ? `${logged.url.replace(/\/+$/, "")}/` : hostname ? `https://${host}/` : undefined);
    const probeRead = unanswered ? undefined : probeReadOfCutZip(p.e, zips);
    const cutAgain = probeRead?.again ? probeRead.zip : undefined;
    out.push(
      makeFinding(PROXY_RESET, {
        title: unanswered
          ? `The module proxy ${host} closes connections without answering`
          : `Connections to the module proxy ${host} are ${atConnect ? "reset" : "cut mid-transfer"}${h2 ? `: ${http2Title(h2)}` : ""}`,
        severity,
        confidence: reset.length >= 2 ? 0.85 : 0.75,
        why: unanswered
          ? `${Who} accepted the connection and closed it before sending any response (go: \`EOF\`, not a single byte of headers)` +
            `${zips.length > 0 ? ` (${plural(zips.length, "zip download")})` : ""}: the proxy, or a load balancer or firewall in front of it, drops these requests ` +
            "(a request or size limit, a crash on the request, a backend that is gone). It is not a refusal (the connection opened) and not silence (it closed at once)."
          : h2
            ? `${Who} answered over HTTP/2${zips.length > 0 ? ` (${plural(zips.length, "zip download")})` : ""}, then ${http2Why(h2)}. ` +
              `It is not a refusal (nothing listening) and not silence (a blackhole): ${h2.kind === "stream-reset" || h2.kind === "goaway" ? "the server's side of the HTTP/2 connection ended the responses" : "the connection broke after the responses had started"}.`
          : `${Who} ${atConnect ? "was reached, then the connection was reset" : closedEarly ? "started answering, then closed the connection before the response was complete (`unexpected EOF`: fewer bytes than the response announced)" : "started answering, then the connection was reset before the response was complete"}` +
          `${zips.length > 0 ? ` (${plural(zips.length, "zip download")})` : ""}: something on the path (a firewall, a TLS-inspecting proxy, a NAT, VPN or container ` +
          "network) or the proxy itself tears connections down. It is not a refusal (nothing listening) and not silence (a blackhole)." +
          (probeRead
            ? probeRead.again
              ? ` gomod-doctor's own read of the same zip, on a new connection, was cut too (after ${bytesRead(probeRead.zip)}): ${who} cuts this zip every time, ` +
                "so a retry fails the same way (a cut copy in its storage, or a size or time limit on the path)."
              : ` gomod-doctor's own read of the same zip, on a new connection moments later, got ${formatBytes(probeRead.zip.bytes ?? 0)} without a cut: ` +
                "the cut was that connection's, so a retry usually passes."
            : ""),
        evidence: probeRead && !probeRead.again ? [...evidence, `probe: the same zip read again on a new connection: ${formatBytes(probeRead.zip.bytes ?? 0)}, no cut (${probeRead.zip.url})`] : evidence,
        modules,
        fixes: cutAgain
          ? [
              {
                summary: `Show ${who}'s operators that the zip is cut after ${bytesRead(cutAgain)} on every read (a retry fails the same way): its copy needs fetching again from the origin`,
                commands: [`curl -sS -o /dev/null -w '%{http_code} %{size_download} bytes\\n' ${shellQuote(cutAgain.url)}`],
              },
              ...(hostname ? skipEntryFix(p.e, host, hostname, cutAgain.url) : []),
              ...(mirror ? [mirror] : []),
            ]
          : [
              { summary: "Retry: modules that finished stay in the module cache, only the cut ones are fetched again", commands: ["go mod download -x"] },
              // An HTTP/2 cut is tested by HTTP/1.1; the by-hand download is that comparison.
              ...(h2
                ? http2Fixes(who, failingUrl)
                : [
                    {
                      summary: unanswered
                        ? `If it keeps happening, send that request to ${who} by hand and see whether anything answers (its logs, or those of what fronts it, say why it closed)`
                        : `If it keeps happening, download one large response from ${who} by hand to see where it breaks`,
                      commands: [`curl -sS -o /dev/null -w '%{http_code} %{size_download} bytes %{time_total}s\\n' ${failingUrl ?? `"$(go env GOPROXY | cut -d, -f1)/"`}`],
                      caution: "In a container, compare with the host machine: a Docker network whose MTU is larger than the path allows cuts large TLS transfers.",
                    },
                  ]),
              ...(mirror
                ? [mirror]
                : [{ summary: "Or fetch from another source for this run: straight from the repositories", commands: ["GOPROXY=direct go mod download"], caution: "direct needs git and network access to every repository host." }]),
            ],
      }),
    );
  }
  return out;
}
