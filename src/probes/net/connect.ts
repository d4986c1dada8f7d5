// HTTP CONNECT through a proxy, by hand: we want the proxy's own answer
// (200, 407 auth required, 403 forbidden...) as a fact, bounded in time and
// bytes, without sending anything through the tunnel.
import { Socket, connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { StepFacts } from "../types.js";
import { redactText } from "../../util/redact.js";
import { PROBE_CODES, classifyError } from "./errors.js";
import { elapsed, raceSignal, withDeadline } from "./deadline.js";
import { bareHost } from "./dns.js";

export type ConnectFacts = StepFacts & { status?: number; target?: string };

export interface ConnectOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Roots for an https:// proxy. */
  ca?: string[];
}

const MAX_RESPONSE_BYTES = 16 * 1024;

function defaultPort(protocol: string): number {
  return protocol === "https:" ? 443 : 80;
}

function authorization(proxy: URL): string | undefined {
  if (!proxy.username) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
}

/** Parses `HTTP/1.1 407 Proxy Authentication Required` from the head of a response. */
export function parseStatusLine(head: string): { status: number; text: string } | undefined {
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})(?: ([^\r\n]*))?\r?\n/.exec(head);
  return match ? { status: Number(match[1]), text: match[2] ?? "" } : undefined;
}

/** Asks `proxyUrl` to CONNECT to `target` (`host:port`). Never throws. */
export async function proxyConnect(proxyUrl: string, target: string, options: ConnectOptions = {}): Promise<ConnectFacts> {
  const start = performance.now();
  let proxy: URL;
  try {
    proxy = new URL(proxyUrl);
  } catch {
    return { ok: false, ms: 0, target, code: PROBE_CODES.badUrl, message: "proxy URL does not parse" };
  }
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
    return { ok: false, ms: 0, target, code: PROBE_CODES.unsupported, message: `CONNECT not tried through a ${proxy.protocol} proxy` };
  }
  const signal = withDeadline(options.signal, options.timeoutMs);
  const host = bareHost(proxy.hostname);
  const port = Number(proxy.port) || defaultPort(proxy.protocol);
  let socket: Socket | undefined;
  const exchange = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const opened = proxy.protocol === "https:" ? "secureConnect" : "connect";
    socket =
      proxy.protocol === "https:"
        ? tlsConnect({ host, port, ...(options.ca ? { ca: options.ca } : {}), servername: host })
        : netConnect({ host, port });
    const s = socket;
    let head = "";
    s.once(opened, () => {
      const auth = authorization(proxy);
      s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ""}\r\n`);
    });
    s.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const parsed = parseStatusLine(head);
      if (parsed) resolve(parsed);
      else if (head.length > MAX_RESPONSE_BYTES || /\r?\n/.test(head)) {
        reject(Object.assign(new Error(`not an HTTP answer: ${JSON.stringify(head.slice(0, 80))}`), { code: PROBE_CODES.badResponse }));
      }
    });
    s.once("error", reject);
    s.once("end", () => reject(Object.assign(new Error("proxy closed the connection"), { code: PROBE_CODES.socketClosed })));
  });
  try {
    const { status, text } = await raceSignal(exchange, signal, () => socket?.destroy());
    const ok = status >= 200 && status < 300;
    return { ok, ms: elapsed(start), target, status, ...(ok ? {} : { code: `HTTP_${status}`, message: `${status} ${text}`.trim() }) };
  } catch (error) {
    const { code, message } = classifyError(error);
    return { ok: false, ms: elapsed(start), target, code, message: redactText(message) };
  } finally {
    socket?.destroy();
  }
}
