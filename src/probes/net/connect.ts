// HTTP CONNECT through a proxy, by hand: we want the proxy's own answer
// (200, 407 auth required, 403 forbidden...) as a fact, bounded in time and
// bytes, without sending anything through the tunnel.
import { Socket, isIP, connect as netConnect } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { StepFacts } from "../types.js";
import { redactText } from "../../util/redact.js";
import { PROBE_CODES, classifyError } from "./errors.js";
import { elapsed, raceSignal, timedOut, withDeadline } from "./deadline.js";
import { bareHost } from "./dns.js";
import { quoteStart } from "./proxy-answer.js";

export type ConnectFacts = StepFacts & { status?: number; target?: string };

export interface ConnectOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Roots for an https:// proxy. */
  ca?: string[];
  /**
   * After a 2xx, start a TLS handshake with the target through the tunnel: a
   * proxy that opens tunnels and then relays nothing answers CONNECT like a
   * working one. Any answer of the target's (even a certificate we would not
   * trust) shows the tunnel carries bytes; only the handshake is judged.
   */
  tlsThrough?: boolean;
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

/** How long a 200 tunnel must stay silent: a TLS server never speaks first, a web page does. */
const SETTLE_MS = 150;

/** A Content-Length above 0 or a Transfer-Encoding in a head: the answer has a body. */
function bodyHeader(head: string): string | undefined {
  const length = /^content-length:\s*(\d+)/im.exec(head)?.[1];
  if (length !== undefined && Number(length) > 0) return `a body of ${length} bytes (Content-Length)`;
  return /^transfer-encoding:/im.test(head) ? "a body (Transfer-Encoding)" : undefined;
}

/** Parses `HTTP/1.1 407 Proxy Authentication Required` from the head of a response. */
export function parseStatusLine(head: string): { status: number; text: string } | undefined {
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})(?: ([^\r\n]*))?\r?\n/.exec(head);
  return match ? { status: Number(match[1]), text: match[2] ?? "" } : undefined;
}

/** A TLS handshake with `target` over an open tunnel: undefined when the target answered, else what went wrong. */
async function handshakeThrough(socket: Socket, target: string, signal: AbortSignal): Promise<{ code: string; message: string } | undefined> {
  socket.removeAllListeners("data");
  socket.removeAllListeners("end");
  const servername = bareHost(target.replace(/:\d+$/, ""));
  let tls: TLSSocket | undefined;
  const handshake = new Promise<void>((resolve, reject) => {
    // SNI names hosts only (RFC 6066): Node warns on stderr when given an address.
    tls = tlsConnect({ socket, ...(isIP(servername) === 0 ? { servername } : {}), rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] });
    tls.once("secureConnect", () => resolve());
    tls.once("error", reject);
    tls.once("end", () => reject(Object.assign(new Error("the tunnel closed during the TLS handshake"), { code: PROBE_CODES.socketClosed })));
  });
  try {
    await raceSignal(handshake, signal, () => tls?.destroy());
    return undefined;
  } catch (error) {
    const { code, message } = classifyError(error);
    if (code === PROBE_CODES.timeout || timedOut(signal)) {
      return { code: PROBE_CODES.tunnelSilent, message: `answered 2xx to CONNECT ${target}, then nothing came back through the tunnel (a TLS handshake with ${servername} never finished)` };
    }
    return { code, message: redactText(`answered 2xx to CONNECT ${target}, then the TLS handshake through the tunnel failed: ${message}`) };
  } finally {
    tls?.destroy();
  }
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
  let statusSeen: { status: number; text: string } | undefined;
  const exchange = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const opened = proxy.protocol === "https:" ? "secureConnect" : "connect";
    socket =
      proxy.protocol === "https:"
        ? tlsConnect({ host, port, ...(options.ca ? { ca: options.ca } : {}), ...(isIP(bareHost(host)) === 0 ? { servername: host } : {}) })
        : netConnect({ host, port });
    const s = socket;
    let head = "";
    s.once(opened, () => {
      const auth = authorization(proxy);
      s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ""}\r\n`);
    });
    let tunnel: { headBytes: number; timer: NodeJS.Timeout } | undefined;
    const notTunnel = (what: string): void =>
      reject(
        Object.assign(new Error(`answered "${statusSeen ? `${statusSeen.status} ${statusSeen.text}`.trim() : "2xx"}" to CONNECT ${what}: a web page (a captive portal, a proxy's error page), not a tunnel`), {
          code: PROBE_CODES.badResponse,
        }),
      );
    s.once("close", () => clearTimeout(tunnel?.timer));
    s.on("data", (chunk: Buffer) => {
      if (head.length > MAX_RESPONSE_BYTES * 2) return; // judged already; keep nothing more
      head += chunk.toString("latin1");
      const notHttp = (): void => reject(Object.assign(new Error(`not an HTTP answer (it starts ${quoteStart(head)})`), { code: PROBE_CODES.badResponse }));
      // Bytes that cannot begin "HTTP/": say so now rather than wait for a line end that may never come.
      if (!"HTTP/".startsWith(head.slice(0, 5))) return notHttp();
      if (!/\r?\n/.test(head)) return head.length > MAX_RESPONSE_BYTES ? notHttp() : undefined;
      const parsed = parseStatusLine(head);
      if (!parsed) return notHttp();
      if (tunnel) return notTunnel(`sent ${head.length - tunnel.headBytes} bytes before anything went through the tunnel`);
      statusSeen = parsed;
      // The go command reads the whole head before it uses the tunnel: a head without end holds it.
      const end = /\r?\n\r?\n/.exec(head);
      if (end) {
        const headBytes = end.index + end[0].length;
        if (parsed.status < 200 || parsed.status >= 300) return resolve(parsed);
        // A tunnel to a TLS server is silent until the client speaks: a body means a web page, not a tunnel.
        const body = bodyHeader(head.slice(0, headBytes));
        if (body) return notTunnel(`with ${body}`);
        if (head.length > headBytes) return notTunnel(`with ${head.length - headBytes} bytes of body`);
        tunnel = { headBytes, timer: setTimeout(() => resolve(parsed), SETTLE_MS) };
        return;
      }
      if (head.length > MAX_RESPONSE_BYTES) {
        reject(
          Object.assign(new Error(`answered "${parsed.status} ${parsed.text}" and then more than ${MAX_RESPONSE_BYTES / 1024} KiB of headers without their end`), {
            code: PROBE_CODES.headersOverflow,
          }),
        );
      }
    });
    s.once("error", reject);
    s.once("end", () => reject(Object.assign(new Error("proxy closed the connection"), { code: PROBE_CODES.socketClosed })));
  });
  try {
    const { status, text } = await raceSignal(exchange, signal, () => socket?.destroy());
    const ok = status >= 200 && status < 300;
    if (ok && options.tlsThrough && socket) {
      const through = await handshakeThrough(socket, target, signal);
      if (through) return { ok: false, ms: elapsed(start), target, status, ...through };
    }
    return { ok, ms: elapsed(start), target, status, ...(ok ? {} : { code: `HTTP_${status}`, message: `${status} ${text}`.trim() }) };
  } catch (error) {
    const { code, message } = classifyError(error);
    // Out of time after a status line: the answer's headers never ended, which is what to tell.
    const said = code === PROBE_CODES.timeout && statusSeen ? `answered "${`${statusSeen.status} ${statusSeen.text}`.trim()}" and its headers never ended (${message})` : message;
    // A 2xx and then the end of the connection: the tunnel opened and closed before carrying a byte (go reads `EOF`).
    if (code === PROBE_CODES.socketClosed && statusSeen && statusSeen.status >= 200 && statusSeen.status < 300) {
      const closed = `answered "${`${statusSeen.status} ${statusSeen.text}`.trim()}" to CONNECT ${target}, then closed the tunnel before anything passed through it`;
      return { ok: false, ms: elapsed(start), target, status: statusSeen.status, code, message: redactText(closed) };
    }
    return { ok: false, ms: elapsed(start), target, code, message: redactText(said) };
  } finally {
    socket?.destroy();
  }
}
