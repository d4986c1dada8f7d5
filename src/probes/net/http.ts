// HTTP step: one GET with redirects followed by hand (bounded), the time to
// the response headers, and at most `maxBytes` of body before the connection
// is torn down. Every timeout in undici sits under our own deadline, and the
// whole call is raced against it, so a hostile server (endless headers, a
// gigabyte body, garbage, a redirect loop) ends within the deadline.
import { STATUS_CODES } from "node:http";
import { Agent, ProxyAgent, request, type Dispatcher } from "undici";
import type { HttpFacts } from "../types.js";
import { formatBytes, formatMs } from "../../util/format.js";
import { redactText, redactUrl } from "../../util/redact.js";
import { secureContextFor } from "./cas.js";
import { quotableLine, reasonPhrase } from "./proxy-answer.js";
import { PROBE_CODES, classifyError } from "./errors.js";
import { elapsed, raceSignal, withDeadline } from "./deadline.js";

export const DEFAULT_MAX_BYTES = 64 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
/** Characters of body kept in facts (the rest is only parsed, never stored). */
export const SNIPPET_CHARS = 512;
const USER_AGENT = "gomod-doctor (probe)";

export interface HttpOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
  /** Roots for https (system + extra CAs); undici's defaults when absent. */
  ca?: string[];
  /** HTTP(S) proxy URL to go through (credentials are used, never stored). */
  proxy?: string;
  /**
   * Throughput mode: stop reading this long after the headers (not an error)
   * and report bytes/s; a 2xx whose body stops (no byte in the window, or
   * silent for most of it before ending) is BODY_STALLED, with no rate.
   */
  readWindowMs?: number;
}

export interface HttpResult {
  facts: HttpFacts & { redirects?: string[] };
  /** The body read (at most maxBytes), for parsing by the caller; not redacted, never store it. */
  body?: string;
  /** The read stopped at maxBytes with the body still going (plain reads only, not throughput reads). */
  truncated?: boolean;
  /** The final response's Content-Type, when it sent one. */
  contentType?: string;
  finalUrl: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createDispatcher(target: URL, timeout: number, ca?: string[], proxy?: string): Dispatcher {
  const timeoutMs = Math.max(1, Math.ceil(timeout)); // undici wants whole milliseconds
  const tls = ca ? { secureContext: secureContextFor(ca) } : {};
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  if (proxy) {
    // http:// targets go as absolute-URL requests (as Go's transport does), https:// through CONNECT.
    return new ProxyAgent({
      uri: proxy,
      proxyTunnel: target.protocol === "https:",
      requestTls: { ...tls, timeout: timeoutMs },
      proxyTls: { timeout: timeoutMs },
      connect: { timeout: timeoutMs },
      ...timeouts,
    });
  }
  return new Agent({ connect: { timeout: timeoutMs, ...tls }, ...timeouts, pipelining: 1, keepAliveTimeout: 1000 });
}

function statusLine(status: number, text?: string): string {
  // An error page's title often starts with its status already ("400 Bad Request").
  return text ? (text.startsWith(`${status} `) ? text : `${status} ${text}`) : String(status);
}

/** GET `url`; never throws: failures are facts. */
export async function httpGet(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const start = performance.now();
  const signal = withDeadline(options.signal, options.timeoutMs);
  const facts: HttpResult["facts"] = { ok: false, ms: 0, url: redactUrl(url) };
  const result: HttpResult = { facts, finalUrl: url };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const dispatchers: Dispatcher[] = [];
  const work = async (): Promise<void> => {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      if (current.protocol !== "http:" && current.protocol !== "https:") {
        throw Object.assign(new Error(`unsupported scheme ${current.protocol}`), { code: PROBE_CODES.badUrl });
      }
      const dispatcher = createDispatcher(current, options.timeoutMs ?? 30_000, options.ca, options.proxy);
      dispatchers.push(dispatcher);
      const response = await request(current, {
        dispatcher,
        method: "GET",
        signal,
        headers: { "user-agent": USER_AGENT, ...options.headers },
      });
      facts.status = response.statusCode;
      const reason = reasonPhrase(response.statusText);
      if (reason) facts.reason = redactText(reason);
      else delete facts.reason;
      facts.ttfbMs = elapsed(start);
      // A rate limit or an outage says how long to wait: the rules quote it.
      // The whole file's size: a ranged answer's `Content-Range: bytes 0-N/TOTAL`, else a 200's Content-Length.
      const range = /\/(\d+)\s*$/.exec(String(response.headers["content-range"] ?? ""))?.[1];
      const length = response.statusCode === 200 ? response.headers["content-length"] : undefined;
      const total = Number(range ?? length ?? NaN);
      if (Number.isSafeInteger(total) && total > 0) facts.totalBytes = total;
      else delete facts.totalBytes;
      const retryAfter = response.headers["retry-after"];
      if (typeof retryAfter === "string" && retryAfter.trim() !== "") facts.retryAfter = redactText(retryAfter.trim().slice(0, 64));
      else delete facts.retryAfter;
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode) && typeof location === "string") {
        discard(response.body);
        const next = new URL(location, current);
        (facts.redirects ??= []).push(redactUrl(next.href));
        if (hop >= maxRedirects) {
          throw Object.assign(new Error(`stopped after ${maxRedirects} redirects (last to ${redactUrl(next.href)})`), {
            code: PROBE_CODES.tooManyRedirects,
          });
        }
        current = next;
        result.finalUrl = next.href;
        continue;
      }
      const read = await readBody(response.body, maxBytes, options.readWindowMs, (n) => (facts.bytes = n));
      const body = Buffer.concat(read.chunks).subarray(0, maxBytes).toString("utf8");
      result.body = body;
      if (options.readWindowMs === undefined && !read.ended) result.truncated = true;
      const type = response.headers["content-type"];
      if (typeof type === "string") result.contentType = type;
      facts.bytes = read.bytes;
      const stalled = options.readWindowMs !== undefined && response.statusCode < 400 && bodyStopped(read, options.readWindowMs);
      // A body that stopped has no rate: its bytes came before the silence, not over the window.
      if (options.readWindowMs !== undefined && read.ms > 0 && !stalled) {
        facts.bytesPerSecond = Math.round((read.bytes * 1000) / read.ms);
      }
      if (options.readWindowMs === undefined) facts.bodySnippet = redactText(body.slice(0, SNIPPET_CHARS));
      facts.ok = response.statusCode < 400;
      if (!facts.ok) {
        facts.code = `HTTP_${response.statusCode}`;
        // The body's first line says most (go prints it too); else the server's reason phrase, else the status's name: never a bare number.
        facts.message = redactText(statusLine(response.statusCode, quotableLine(body, 200) ?? reason ?? STATUS_CODES[response.statusCode]));
      } else if (stalled && options.readWindowMs !== undefined) {
        facts.ok = false;
        facts.code = PROBE_CODES.bodyStalled;
        facts.silentMs = Math.round(read.silentMs);
        facts.message =
          read.bytes === 0
            ? `${response.statusCode}: no body bytes within ${options.readWindowMs} ms of the headers`
            : `${response.statusCode}: the body stopped after ${formatBytes(read.bytes)}${facts.totalBytes ? ` of ${formatBytes(facts.totalBytes)}` : ""}, then nothing for ${formatMs(read.silentMs)} of the ${formatMs(options.readWindowMs)} read window`;
      }
      return;
    }
  };
  try {
    await raceSignal(work(), signal, () => destroyAll(dispatchers));
  } catch (error) {
    const { code, message } = classifyError(error);
    facts.ok = false;
    facts.code = code;
    facts.message = redactText(message);
  } finally {
    destroyAll(dispatchers);
    facts.ms = elapsed(start);
  }
  return result;
}

interface BodyRead {
  chunks: Buffer[];
  bytes: number;
  /** Time spent reading after the headers. */
  ms: number;
  /** The body ended by itself (not cut by the cap or the window). */
  ended: boolean;
  /** The read stopped at maxBytes. */
  capped: boolean;
  /** From the last byte (or the headers, when none came) to the end of the read. */
  silentMs: number;
}

/**
 * Silence this much of the window, with the body still open, is a stopped body
 * rather than a slow one (a slow body sends something every few hundred ms).
 */
const STOPPED_SHARE = 0.5;
/** ...and at least this long, so a short window's scheduling jitter is no stall. */
const STOPPED_MIN_MS = 250;

/** A throughput read whose body was still open and had gone silent: stalled, however many bytes came first. */
function bodyStopped(read: BodyRead, windowMs: number): boolean {
  if (read.ended || read.capped) return false;
  if (read.bytes === 0) return true;
  return read.silentMs >= Math.max(windowMs * STOPPED_SHARE, STOPPED_MIN_MS);
}

/** Reads at most `maxBytes` (and at most `windowMs`, when given), then destroys the body. */
async function readBody(
  body: Dispatcher.ResponseData["body"],
  maxBytes: number,
  windowMs: number | undefined,
  progress: (bytes: number) => void,
): Promise<BodyRead> {
  const start = performance.now();
  const read: BodyRead = { chunks: [], bytes: 0, ms: 0, ended: false, capped: false, silentMs: 0 };
  let lastByteAt = start;
  let windowHit = false;
  const timer = windowMs === undefined ? undefined : setTimeout(() => ((windowHit = true), discard(body)), windowMs);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (windowMs === undefined) read.chunks.push(chunk); // throughput reads keep no data
      read.bytes += chunk.length;
      lastByteAt = performance.now();
      progress(read.bytes);
      if (read.bytes >= maxBytes) {
        read.capped = true;
        break; // breaking out destroys the body: the rest is never read
      }
    }
    read.ended = read.bytes < maxBytes && !windowHit;
  } catch (error) {
    if (!windowHit) throw error;
  } finally {
    clearTimeout(timer);
    discard(body);
    const end = performance.now();
    read.ms = end - start;
    read.silentMs = end - lastByteAt;
  }
  return read;
}

/** Drops a body without reading it; undici reports the abort as an error nobody needs. */
function discard(body: Dispatcher.ResponseData["body"]): void {
  body.on("error", () => undefined);
  body.destroy();
}

export function destroyAll(dispatchers: Dispatcher[]): void {
  for (const d of dispatchers) void d.destroy().catch(() => undefined);
}

export const DEFAULT_RANGE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_READ_WINDOW_MS = 1500;

/** A bounded ranged read (`Range: bytes=0-N`) measuring throughput for at most `windowMs`. */
export function readRange(
  url: string,
  options: Omit<HttpOptions, "readWindowMs" | "maxBytes"> & { bytes?: number; windowMs?: number } = {},
): Promise<HttpResult> {
  const { bytes = DEFAULT_RANGE_BYTES, windowMs = DEFAULT_READ_WINDOW_MS, ...rest } = options;
  return httpGet(url, {
    ...rest,
    maxBytes: bytes,
    readWindowMs: windowMs,
    headers: { ...rest.headers, range: `bytes=0-${bytes - 1}` },
  });
}
