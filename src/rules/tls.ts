// GMD106/GMD110: TLS certificates the go command rejects. The common case is
// a corporate proxy that intercepts TLS with its own CA: name that issuer.
import type { Finding, Fix } from "../report/schema.js";
import { failingSeverity, makeFinding, settingFix, sslCertFix } from "./fixes.js";
import { certificateNames, connectTarget, hostOf } from "./net-text.js";
import { observe, uniqueModules, type Observation } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { type DnsOs, forOs, hostsFileCommand, lookupCommand } from "./dns-commands.js";

export const TLS_UNTRUSTED: CauseInfo = {
  code: "GMD106",
  name: "tls-untrusted",
  title: "The TLS certificate is not trusted (TLS interception?)",
  explain:
    "The go command rejected a server certificate: `x509: certificate signed by unknown authority`. When the issuer is not the public CA of " +
    "the site (for proxy.golang.org a public CA), something on the path re-signs TLS: a corporate proxy or security product that intercepts " +
    "traffic with its own CA. The go command reads the system roots and SSL_CERT_FILE / SSL_CERT_DIR (not NODE_EXTRA_CA_CERTS). " +
    "Fix it by trusting that CA: a bundle with the system roots plus the corporate CA in SSL_CERT_FILE, or the CA installed in the system store. " +
    "GOINSECURE does not help a module proxy: it never applies to GOPROXY entries, whose certificates go always verifies; " +
    "for a path fetched directly it makes go's own requests (the go-import lookup) accept any certificate.",
};

export const TLS_INVALID: CauseInfo = {
  code: "GMD110",
  name: "tls-invalid",
  title: "The TLS certificate is expired or names another host",
  explain:
    "The certificate is out of its validity period (or the machine's clock is wrong), or it was issued for another name " +
    "(`x509: certificate is valid for A, not B`): a misconfigured server, or an endpoint answered by something else. Check the clock " +
    "and the URL; ask the server's operators to renew or fix the certificate.",
};

export const TLS_INCOMPLETE_CHAIN: CauseInfo = {
  code: "GMD114",
  name: "tls-incomplete-chain",
  title: "The server sends its TLS certificate without the intermediate that signed it",
  explain:
    "The go command rejected a certificate as `x509: certificate signed by unknown authority`, and the server presented only its own " +
    "certificate: the intermediate CA certificate that links it to a trusted root is missing from the chain it sends. Browsers fetch the " +
    "missing intermediate from the address the certificate names (authorityInfoAccess), so the site looks fine there; the go command does " +
    "not fetch it. This is the server's misconfiguration (a web server given the certificate file instead of the full chain), not " +
    "interception. The operators fix it by serving the full chain; meanwhile the intermediate can be added to SSL_CERT_FILE.",
};

/** Where TLS failed: the redirect's target (a CDN, storage) when the proxy sent the request on, else the request's host. */
function tlsUrl(o: Observation): string {
  return o.redirectedTo ?? o.url;
}

function tlsHosts(obs: Observation[]): string[] {
  return [...new Set(obs.map((o) => hostOf(tlsUrl(o)) ?? o.host).filter((h) => h !== ""))].sort();
}

/** `openssl s_client` on the host and port that presented the certificate. */
function opensslConnect(obs: Observation[], host: string): string {
  const url = obs.map(tlsUrl).find((u) => hostOf(u) === host);
  return `openssl s_client -connect ${(url && connectTarget(url)) ?? `${host}:443`} -servername ${host} </dev/null 2>/dev/null`;
}

function issuerOf(obs: Observation[]): string | undefined {
  return obs.find((o) => o.source === "probe" && o.issuer)?.issuer ?? obs.find((o) => o.issuer)?.issuer;
}

/**
 * The probe saw the server present its certificate alone, naming (AIA) where
 * its issuer is published: an incomplete chain, the operators' to fix.
 */
function incompleteChain(e: Evidence, probed: Observation[], all: Observation[]): Finding {
  const tls = probed[0]!.endpoint!.tls!;
  const hosts = tlsHosts(probed);
  const host = hosts[0]!;
  const issuer = tls.issuer ?? "its issuer";
  const url = tls.missingIssuer!.caIssuersUrl;
  return makeFinding(TLS_INCOMPLETE_CHAIN, {
    title: `${hosts.join(", ")} sends its TLS certificate without the intermediate ${issuer}`,
    severity: failingSeverity(e),
    confidence: 0.85,
    why:
      `The server presents only its own certificate, signed by "${issuer}", and not that intermediate's certificate, which links it to a trusted root. ` +
      `Browsers fetch it from ${url} (the address the certificate names), so the site works there; the go command does not, and rejects the certificate. ` +
      `If "${issuer}" is itself a root your organisation runs, trust it instead (SSL_CERT_FILE).`,
    evidence: [`certificate issuer: ${issuer} (published at ${url}), not sent by the server`, ...new Set(all.map((o) => o.text))].slice(0, 4),
    modules: uniqueModules(all),
    fixes: [
      {
        summary: `Have ${host}'s operators serve the full chain (the certificate followed by the intermediate, e.g. nginx's fullchain.pem)`,
        // Lists what the server sends: one certificate (0 s:/i:) where a full chain has two or more.
        commands: [`${opensslConnect(probed, host).replace(" </dev/null", " -showcerts </dev/null")} | grep -E '^ *[0-9]+ s:|^ +i:'`],
      },
      {
        summary: "Meanwhile, add the intermediate to the certificates the go command trusts",
        commands: [
          `curl -sS ${url} -o /tmp/intermediate.crt`,
          "openssl x509 -inform DER -in /tmp/intermediate.crt -out /tmp/intermediate.pem 2>/dev/null || cp /tmp/intermediate.crt /tmp/intermediate.pem",
          'cat "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" /tmp/intermediate.pem > "$HOME/.config/go-bundle.pem"',
          'export SSL_CERT_FILE="$HOME/.config/go-bundle.pem"',
        ],
        caution: "Check the intermediate's fingerprint against the CA's published one; this works around the server, it does not fix it.",
      },
    ],
  });
}

export const tlsFamily: RuleFamily = {
  family: "tls",
  causes: [TLS_UNTRUSTED, TLS_INVALID, TLS_INCOMPLETE_CHAIN],
  evaluate(e) {
    const obs = observe(e);
    const out: Finding[] = [];
    const incomplete = obs.filter((o) => o.failure === "tls-untrusted" && o.endpoint?.tls?.missingIssuer);
    if (incomplete.length > 0) out.push(incompleteChain(e, incomplete, obs.filter((o) => o.failure === "tls-untrusted")));
    const untrusted = incomplete.length > 0 ? [] : obs.filter((o) => o.failure === "tls-untrusted");
    if (untrusted.length > 0) {
      const hosts = tlsHosts(untrusted);
      const issuer = issuerOf(untrusted);
      const evidence = [...new Set(untrusted.map((o) => o.text))].slice(0, 4);
      if (issuer) evidence.unshift(`certificate issuer: ${issuer}`);
      const proc = e.ctx?.process;
      if (proc?.SSL_CERT_FILE) {
        evidence.push(e.os ? `SSL_CERT_FILE is set (${proc.SSL_CERT_FILE}), but go on ${e.os === "windows" ? "Windows" : "macOS"} does not read it` : `SSL_CERT_FILE is set (${proc.SSL_CERT_FILE}) but does not hold this issuer`);
      }
      if (proc?.NODE_EXTRA_CA_CERTS && !proc.SSL_CERT_FILE) evidence.push(`NODE_EXTRA_CA_CERTS is set (${proc.NODE_EXTRA_CA_CERTS}); the go command does not read it`);
      out.push(
        makeFinding(TLS_UNTRUSTED, {
          title: `TLS to ${hosts.join(", ")} is not trusted${issuer ? `: certificate issued by ${issuer}` : ""}`,
          severity: failingSeverity(e),
          confidence: untrusted.some((o) => o.source === "probe") ? 0.95 : 0.9,
          why:
            `The certificate presented for ${hosts.join(", ")} is signed by ${issuer ? `"${issuer}"` : "a CA"} the go command does not trust; ` +
            "a proxy or security product intercepting TLS with its own CA is the usual reason.",
          evidence,
          modules: uniqueModules(untrusted),
          fixes: [sslCertFix(hosts[0] ?? "the proxy", issuer, e.os)],
        }),
      );
    }
    const invalid = obs.filter((o) => o.failure === "tls-expired" || o.failure === "tls-hostname");
    if (invalid.length > 0) {
      const hosts = tlsHosts(invalid);
      const redirected = invalid.find((o) => o.redirectedTo);
      const expired = invalid.some((o) => o.failure === "tls-expired");
      const host = hosts[0] ?? "";
      // The names the certificate holds: another site's altogether means the name led somewhere else, not a server's slip.
      const names = expired ? undefined : invalid.map((o) => certificateNames(o.text)).find((n) => n !== undefined && n.length > 0);
      const elsewhere = names !== undefined && host !== "" && !names.some((n) => sameSite(n, host));
      out.push(
        makeFinding(TLS_INVALID, {
          title: `The TLS certificate of ${hosts.join(", ")} is ${expired ? "expired (or the clock is wrong)" : "for another host name"}${names ? ` (it names ${names.slice(0, 2).join(", ")}${names.length > 2 ? ", ..." : ""})` : ""}`,
          severity: failingSeverity(e),
          confidence: 0.85,
          why: expired
            ? "The certificate is outside its validity period as seen by this machine's clock."
            : (elsewhere
                ? `The server that answered for ${host} presented a certificate for ${names!.join(", ")}: another site's. The name led this machine to a server that is not ${host}'s: ` +
                  `a DNS filter or sinkhole (a company VPN's or an ISP's resolver answering for names it blocks), a hosts-file entry, a captive portal, or ${host}'s own DNS pointing at hosting that does not serve it.`
                : "The certificate does not name the host that was asked for.") +
              (redirected ? ` ${redirected.host} redirected the download there: that host's certificate is the one to fix, or its address is answered by something else.` : ""),
          evidence: [...new Set(invalid.map((o) => o.text))].slice(0, 4),
          modules: uniqueModules(invalid),
          fixes: [
            expired
              ? {
                  summary: hosts.every(renewedByGoogle)
                    ? `${hosts.join(", ")} renew${hosts.length === 1 ? "s its certificate" : " their certificates"} automatically: check this machine's clock, and its CA store (an old root or intermediate that expired)`
                    : "Check the machine's clock, then ask the server's operators to renew the certificate",
                  commands: ["date -u", `${opensslConnect(invalid, hosts[0]!)} | openssl x509 -noout -dates -issuer`],
                }
              : elsewhere
                ? resolvesElsewhereFix(host, e.os)
                : { summary: "Check the URL (GOPROXY, GOSUMDB) and what answers on that name", commands: ["go env GOPROXY GOSUMDB", `${opensslConnect(invalid, hosts[0]!)} | openssl x509 -noout -subject -ext subjectAltName`] },
            ...(elsewhere ? [{ summary: "Check the URL (GOPROXY, GOSUMDB) and what answers on that name", commands: ["go env GOPROXY GOSUMDB", `${opensslConnect(invalid, host)} | openssl x509 -noout -subject -ext subjectAltName`] }] : []),
            ...expiredProxyFix(e, expired ? invalid.filter((o) => o.failure === "tls-expired") : []),
          ],
        }),
      );
    }
    return out;
  },
};

/** Whether a certificate name (maybe `*.`) and a host share their last two labels: one site, a server's slip, not another site. */
function sameSite(name: string, host: string): boolean {
  const site = (h: string) => h.replace(/^\*\./, "").toLowerCase().split(".").slice(-2).join(".");
  return site(name) === site(host);
}

/** The name answered by another site's server: compare this machine's answer for it with a public resolver's. */
function resolvesElsewhereFix(host: string, os: DnsOs): Fix {
  return forOs({
    summary: `See where ${host} leads from here and from a public DNS server: different addresses mean this machine's resolver (a VPN's, an ISP's filter) or its hosts file sends the name elsewhere`,
    commands: [lookupCommand(host, os), `nslookup ${host} 1.1.1.1`, hostsFileCommand(host, os)],
    caution: "On a company network, ask its administrators to allow the name, or use the module proxy they provide (GOPROXY); a home router or ISP filter can be bypassed by giving the machine another DNS server.",
  }, os);
}

/** Google's hosts (the default proxy and checksum database, their storage) renew certificates themselves. */
function renewedByGoogle(host: string): boolean {
  return /(^|\.)(golang\.org|google\.com|googleapis\.com|golang\.google\.cn)$/i.test(host);
}

/**
 * A GOPROXY entry other than Google's with an expired certificate (goproxy.baidu.com, a company mirror): nothing
 * on this machine renews it, so the way on until its operators do is another proxy.
 */
function expiredProxyFix(e: Evidence, expired: Observation[]): Fix[] {
  const proxy = expired.find((o) => o.role === "proxy" && !renewedByGoogle(o.host));
  if (!proxy) return [];
  return [settingFix(e, `Until ${proxy.host} renews it, fetch through another module proxy`, "GOPROXY", "https://proxy.golang.org,direct")];
}
