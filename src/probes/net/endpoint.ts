// One endpoint, link by link: DNS -> TCP -> TLS (https) -> HTTP -> zip read.
// The first failing link ends the chain and is named in `failedStep`; every
// step gets what is left of one budget, so partial facts come back in time.
import type { EndpointFacts } from "../types.js";
import { redactText, redactUrl } from "../../util/redact.js";
import type { TrustStore } from "./cas.js";
import { budget as makeBudget } from "./deadline.js";
import { bareHost, resolveHost, type LookupAll } from "./dns.js";
import { httpGet, readRange, DEFAULT_READ_WINDOW_MS } from "./http.js";
import { PROBE_CODES } from "./errors.js";
import { ANSWER_CAPS, judgeAnswer, type AnswerKind } from "./proxy-answer.js";
import { connectAny } from "./tcp.js";
import { readModuleList } from "./module-list.js";
import { inspectTls } from "./tls.js";

export interface EndpointOptions {
  signal?: AbortSignal;
  /** Budget for all steps together. */
  timeoutMs: number;
  trust: TrustStore;
  /** The protocol request to make (defaults to the endpoint URL itself). */
  requestUrl?: string;
  /** A zip to read a bounded range of, for throughput. */
  zipUrl?: string;
  /** The module's @v/list, read when the request answers 404/410: does the proxy know the module at all? */
  list?: { url: string; version?: string };
  /** The HTTP(S)_PROXY that applies to this endpoint, if any. */
  proxy?: { variable: string; proxy: string };
  lookup?: LookupAll;
  /** Upper bound for the zip read window. */
  zipWindowMs?: number;
  /** What a 2xx answer to the request must look like (a 200 login page is no proxy's answer). */
  answer?: { kind: AnswerKind; version?: string };
  /**
   * Also ask the endpoint's own URL, alongside a requestUrl that may hang: when only the module's file
   * goes unanswered, the server is up and stuck on that file, not silent (kept only if the request times out).
   */
  rootAlongside?: boolean;
}

/** How long the protocol request waits before the endpoint's own URL is asked alongside it. */
const ROOT_AFTER_MS = 300;

export function endpointPort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

export async function probeEndpoint(endpointUrl: string, options: EndpointOptions): Promise<EndpointFacts> {
  const url = new URL(endpointUrl);
  const host = bareHost(url.hostname);
  const port = endpointPort(url);
  const facts: EndpointFacts = { url: redactUrl(endpointUrl), host, port };
  const budget = makeBudget(options.timeoutMs);
  const signal = options.signal;
  const step = { ...(signal ? { signal } : {}) };

  if (options.proxy) {
    // The go command resolves and connects to the proxy, not to the endpoint:
    // only the HTTP step says anything about this path (http-proxy probes the proxy).
    facts.viaProxy = redactUrl(options.proxy.proxy);
  } else {
    facts.dns = await resolveHost(host, { ...step, timeoutMs: budget.remaining(), ...(options.lookup ? { lookup: options.lookup } : {}) });
    if (!facts.dns.ok) return { ...facts, failedStep: "dns" };
    facts.tcp = await connectAny(facts.dns.addresses, port, { ...step, timeoutMs: budget.remaining() });
    if (!facts.tcp.ok) return { ...facts, failedStep: "tcp" };
    if (url.protocol === "https:") {
      facts.tls = await inspectTls(host, facts.tcp.address ?? host, port, {
        ...step,
        timeoutMs: budget.remaining(),
        systemCa: options.trust.system,
        extraCa: options.trust.extra.certs,
      });
      if (!facts.tls.ok) return { ...facts, failedStep: "tls" };
    }
  }

  const via = options.proxy ? { proxy: options.proxy.proxy } : {};
  const answer = options.answer;
  const cap = answer ? { maxBytes: ANSWER_CAPS[answer.kind] } : {};
  const rootCtl = new AbortController();
  const askRoot = options.rootAlongside && options.requestUrl !== undefined && options.requestUrl !== endpointUrl;
  // Asked only once the request has waited a while, so a proxy that answers promptly sees no extra request.
  let root: ReturnType<typeof httpGet> | undefined;
  const rootTimer = askRoot
    ? setTimeout(() => {
        root = httpGet(endpointUrl, { ...via, signal: signal ? AbortSignal.any([signal, rootCtl.signal]) : rootCtl.signal, maxBytes: 4096, timeoutMs: budget.remaining(), ca: options.trust.combined });
      }, Math.min(ROOT_AFTER_MS, Math.floor(budget.remaining() / 3)))
    : undefined;
  const http = await httpGet(options.requestUrl ?? endpointUrl, { ...step, ...via, ...cap, timeoutMs: budget.remaining(), ca: options.trust.combined });
  facts.http = http.facts;
  clearTimeout(rootTimer);
  // Only a request that got no answer needs the comparison; otherwise the root's ask is dropped.
  if (root && http.facts.code === PROBE_CODES.timeout) facts.root = (await root).facts;
  rootCtl.abort();
  const status = http.facts.status ?? 0;
  if (options.list && (status === 404 || status === 410)) {
    facts.list = await readModuleList(options.list.url, options.list.version, { ...step, ...via, timeoutMs: budget.remaining(), ca: options.trust.combined });
  }
  if (!http.facts.ok) {
    // A TLS port asked in plain HTTP closes the connection (go: `EOF`) or answers 400 (nginx's "plain HTTP request
    // was sent to HTTPS port"): a handshake at that port tells it from a proxy that drops connections.
    if (url.protocol === "http:" && !options.proxy && (http.facts.code === PROBE_CODES.socketClosed || status === 400) && budget.remaining() > 0) {
      facts.tlsOnPort = await inspectTls(host, facts.tcp?.address ?? host, port, {
        ...step,
        timeoutMs: budget.remaining(),
        systemCa: options.trust.system,
        extraCa: options.trust.extra.certs,
      });
    }
    return { ...facts, failedStep: "http" };
  }
  if (answer && status >= 200 && status < 300) {
    const problem = judgeAnswer(answer.kind, http.body ?? "", {
      truncated: http.truncated === true,
      ...(http.contentType ? { contentType: http.contentType } : {}),
      ...(answer.version ? { version: answer.version } : {}),
    });
    if (problem) {
      facts.http = { ...http.facts, ok: false, code: problem.code, message: redactText(problem.message) };
      return { ...facts, failedStep: "http" };
    }
  }

  if (options.zipUrl) {
    // The window starts when the zip's headers arrive, the deadline now: leave the headers' time
    // (a third of what is left) so the window, not the deadline, ends a read that got bytes.
    const left = budget.remaining();
    const windowMs = Math.min(options.zipWindowMs ?? DEFAULT_READ_WINDOW_MS, Math.max(1, Math.floor(left * 0.67) - 50));
    const zip = await readRange(options.zipUrl, { ...step, ...via, windowMs, timeoutMs: budget.remaining(), ca: options.trust.combined });
    facts.zip = zip.facts;
    if (!zip.facts.ok) return { ...facts, failedStep: "zip" };
  }
  return facts;
}
