// Typed access to probe facts: the probes fill `facts` with the shapes of
// src/probes/types.ts; rules read them through these helpers only.
import type {
  EndpointFacts,
  FileProxyFacts,
  HttpFacts,
  HttpProxyFacts,
  ModcacheFacts,
  NetworkFacts,
  PrivateModulesFacts,
  SumdbFacts,
  VcsFacts,
} from "../probes/types.js";
import type { ProbeResult } from "../report/schema.js";
import { endpointOf } from "./net-text.js";
import { formatBytes, formatMs } from "../util/format.js";
import { decodeRequestUrl } from "../trace/url.js";
import type { Evidence } from "./types.js";

interface FactsByProbe {
  goproxy: EndpointFacts;
  "file-proxy": FileProxyFacts;
  mirror: EndpointFacts;
  sumdb: SumdbFacts;
  "http-proxy": HttpProxyFacts;
  "private-modules": PrivateModulesFacts;
  vcs: VcsFacts;
  modcache: ModcacheFacts;
  network: NetworkFacts;
}

export interface Probed<F> {
  result: ProbeResult;
  facts: F;
}

/** What the vcs probe found in ~/.netrc for a host, if it looked. */
export function netrcOf(e: Evidence, host: string): VcsFacts["netrc"] | undefined {
  return probed(e, "vcs").find((p) => p.facts.host === host)?.facts.netrc;
}

/**
 * The results of one probe family that ran (skipped ones carry no facts worth judging). A task cut off at its
 * deadline before it handed back anything (the runner's `facts: {}`, on a loaded machine or a tiny --probe-timeout)
 * has no facts either: the rules read each family's facts by their shape.
 */
export function probed<K extends keyof FactsByProbe>(e: Evidence, probe: K): Probed<FactsByProbe[K]>[] {
  return e.probes
    .filter((p) => p.probe === probe && p.status !== "skipped" && p.status !== "error" && Object.keys(p.facts).length > 0)
    .map((p) => ({ result: p, facts: p.facts as unknown as FactsByProbe[K] }));
}

export function firstProbed<K extends keyof FactsByProbe>(e: Evidence, probe: K): Probed<FactsByProbe[K]> | undefined {
  return probed(e, probe)[0];
}

/** Is the network as a whole offline: every well-known name failed to resolve or connect. */
export function networkVerdict(e: Evidence): "offline" | "online" | "unknown" {
  const net = firstProbed(e, "network");
  const names = net?.facts.names ?? [];
  if (names.length === 0) return "unknown";
  return names.every((n) => !n.ok) ? "offline" : names.some((n) => n.ok) ? "online" : "unknown";
}

/** Names that did resolve, for evidence that DNS works in general. */
export function resolvingNames(e: Evidence): string[] {
  return (firstProbed(e, "network")?.facts.names ?? []).filter((n) => n.ok).map((n) => n.host);
}

/** The Retry-After a module proxy sent the goproxy probe (`endpoint` is `host[:port]`), when it sent one. */
export function proxyRetryAfter(e: Evidence, endpoint: string): string | undefined {
  return probed(e, "goproxy").find((p) => endpointOf(p.facts.url) === endpoint)?.facts.http?.retryAfter;
}

/** The step that failed in an endpoint probe, and its code and message. */
export function endpointFailure(f: EndpointFacts): { step: string; code?: string; message?: string } | undefined {
  const step = f.failedStep;
  if (!step) return undefined;
  const s = f[step];
  return { step, ...(s?.code ? { code: s.code } : {}), ...(s?.message ? { message: s.message } : {}) };
}

/** A probe's answer as the server gave it: the status and its reason phrase when it sent one (`200 OK`, `203 Served from cache`). */
export function statusAnswer(h: { status?: number; reason?: string }): string {
  return `${h.status ?? "?"}${h.reason ? ` ${h.reason}` : ""}`;
}

/**
 * The goproxy probe's own read of the zip of module@version (a ranged read on a new connection, after go's run):
 * read again, a zip that failed in the run tells a fault of every read from one of that connection.
 */
export function probeZipRead(e: Evidence, module: string, version: string): HttpFacts | undefined {
  for (const p of probed(e, "goproxy")) {
    const zip = p.facts.zip;
    if (!zip?.url) continue;
    const target = decodeRequestUrl(zip.url);
    if (target.module === module && target.version === version) return zip;
  }
  return undefined;
}

/** How much of the file a read got: `64 KiB of 1.4 MiB`, or just the bytes when the size was not announced. */
export function bytesRead(h: { bytes?: number; totalBytes?: number }): string {
  return `${formatBytes(h.bytes ?? 0)}${h.totalBytes ? ` of ${formatBytes(h.totalBytes)}` : ""}`;
}

/**
 * The failed step told in words. A deadline that ran out says how far the
 * probe got (undici's "The operation was aborted due to timeout" says
 * nothing); any other failure keeps its code and message, which rules read.
 */
export function endpointFailureText(f: EndpointFacts): string | undefined {
  const fail = endpointFailure(f);
  if (!fail) return undefined;
  const ms = f.failedStep ? f[f.failedStep]?.ms : undefined;
  const within = ms !== undefined && ms > 0 ? ` within ${formatMs(ms)}` : "";
  if (fail.code === "TIMEOUT") {
    const at = `${f.tcp?.address ?? f.host}:${f.port}`;
    if (fail.step === "dns") return `DNS lookup of ${f.host}: no answer${within}`;
    if (fail.step === "tcp") return `TCP connect to ${at}: no answer${within}`;
    if (fail.step === "tls") return `TCP connected to ${at}, then the TLS handshake did not finish${within}`;
    const reached = f.tls?.ok ? `TLS connected to ${at}` : f.tcp?.ok ? `TCP connected to ${at}` : `asked ${f.host}`;
    return `${reached}, then no HTTP answer${fail.step === "zip" ? " to the zip request" : ""}${within}`;
  }
  // An error status is an answer: quoted as the server gave it (status, then its page's title or first line).
  if (/^HTTP_\d{3}$/.test(fail.code ?? "") && fail.message) return `${fail.step === "zip" ? "the zip request" : "HTTP"} answered ${fail.message}`;
  return `${fail.step} failed: ${fail.code ?? ""}${fail.message ? ` ${fail.message}` : ""}`.trim();
}

