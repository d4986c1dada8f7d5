// TLS step: a handshake that does not reject, so we can READ the certificate
// (subject, issuer, validity), then judge it: hostname match, and trust
// against the system roots and, separately, against the extra CAs that
// SSL_CERT_FILE/SSL_CERT_DIR give the go command.
import { isIP } from "node:net";
import { checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import type { TlsFacts } from "../types.js";
import { classifyError } from "./errors.js";
import { elapsed, raceSignal, withDeadline } from "./deadline.js";

export interface TlsOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Roots the go command trusts by default (see cas.ts loadSystemCas). */
  systemCa: string[];
  /** Extra roots from SSL_CERT_FILE/SSL_CERT_DIR. */
  extraCa?: string[];
}

interface Handshake {
  cert: PeerCertificate;
  protocol?: string;
  authorized: boolean;
  authorizationError?: string;
}

function handshake(host: string, address: string, port: number, ca: string[], signal: AbortSignal): Promise<Handshake> {
  let socket: TLSSocket | undefined;
  const done = new Promise<Handshake>((resolve, reject) => {
    socket = connect({
      host: address,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ca,
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
    });
    socket.once("secureConnect", () => {
      const s = socket!;
      const raw = s.authorizationError as unknown;
      const authError = raw ? String((raw as { code?: string }).code ?? raw) : undefined;
      // Node folds the hostname check into `authorized`; we judge the chain alone here.
      const chainOk = s.authorized || authError === "ERR_TLS_CERT_ALTNAME_INVALID";
      resolve({
        cert: s.getPeerCertificate(false),
        ...(s.getProtocol() ? { protocol: s.getProtocol()! } : {}),
        authorized: chainOk,
        ...(authError && !chainOk ? { authorizationError: authError } : {}),
      });
    });
    socket.once("error", reject);
  });
  return raceSignal(done, signal, () => socket?.destroy()).finally(() => socket?.destroy());
}

/** `CN=a, O=b` from the X.509 name (one attribute per line in Node's form). */
function dn(text: string | undefined): string | undefined {
  return text ? text.split("\n").filter(Boolean).join(", ") : undefined;
}

function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function describe(cert: PeerCertificate): Pick<TlsFacts, "subject" | "issuer" | "validFrom" | "validTo"> {
  const out: Pick<TlsFacts, "subject" | "issuer" | "validFrom" | "validTo"> = {};
  try {
    const x509 = new X509Certificate(cert.raw);
    const subject = dn(x509.subject);
    const issuer = dn(x509.issuer);
    if (subject) out.subject = subject;
    if (issuer) out.issuer = issuer;
  } catch {
    // An unparsable certificate still has its dates below.
  }
  const from = isoDate(cert.valid_from);
  const to = isoDate(cert.valid_to);
  if (from) out.validFrom = from;
  if (to) out.validTo = to;
  return out;
}

/**
 * The caIssuers URL of a certificate's authorityInfoAccess: where its issuer's
 * certificate is published. Public CAs' certificates carry it; certificates
 * minted on the fly by intercepting proxies rarely do.
 */
function caIssuersOf(cert: PeerCertificate): string | undefined {
  try {
    return /CA Issuers - URI:(\S+)/.exec(new X509Certificate(cert.raw).infoAccess ?? "")?.[1];
  } catch {
    return undefined;
  }
}

/** Handshakes with `address:port` presenting `host` as the server name. */
export async function inspectTls(host: string, address: string, port: number, options: TlsOptions): Promise<TlsFacts> {
  const start = performance.now();
  const signal = withDeadline(options.signal, options.timeoutMs);
  const extra = options.extraCa ?? [];
  const withExtra =
    extra.length > 0 ? handshake(host, address, port, [...options.systemCa, ...extra], signal).catch(() => undefined) : undefined;
  let system: Handshake;
  try {
    system = await handshake(host, address, port, options.systemCa, signal);
  } catch (error) {
    await withExtra;
    return { ok: false, ms: elapsed(start), ...classifyError(error) };
  }
  const ms = elapsed(start);
  let trust: TlsFacts["trust"] = "untrusted";
  if (system.authorized) trust = "system";
  else if ((await withExtra)?.authorized) trust = "extra-ca";
  const identityError = system.cert.raw ? checkServerIdentity(host, system.cert) : new Error("no certificate");
  const hostnameMatch = identityError === undefined;
  const facts: TlsFacts = {
    ok: trust !== "untrusted" && hostnameMatch,
    ms,
    ...(system.protocol ? { protocol: system.protocol } : {}),
    ...describe(system.cert),
    hostnameMatch,
    trust,
    ...(system.authorizationError ? { authorizationError: system.authorizationError } : {}),
  };
  if (trust === "untrusted") {
    const caIssuersUrl = system.authorizationError === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ? caIssuersOf(system.cert) : undefined;
    if (caIssuersUrl) facts.missingIssuer = { caIssuersUrl };
    facts.code = system.authorizationError ?? "UNTRUSTED";
    facts.message = `certificate not trusted: ${facts.code}${facts.issuer ? ` (issuer ${facts.issuer})` : ""}`;
  } else if (!hostnameMatch) {
    facts.code = (identityError as NodeJS.ErrnoException).code ?? "ERR_TLS_CERT_ALTNAME_INVALID";
    facts.message = identityError!.message;
  }
  return facts;
}
