// The ssh server's identification line: connect, send ours, read the first
// line the server sends, within a deadline. An ssh server speaks first
// (RFC 4253 4.2: `SSH-2.0-…`); one that accepts and stays silent makes
// the ssh client wait for ever (unless ConnectTimeout is set), and that
// is what hangs a go -> git -> ssh download. No key exchange is done.
import { Socket } from "node:net";
import type { SshBannerFacts } from "../types.js";
import { classifyError } from "./errors.js";
import { printable } from "./proxy-answer.js";
import { elapsed, raceSignal, withDeadline } from "./deadline.js";

export interface SshBannerOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

/** What we send: some servers (sslh-style multiplexers) wait for the client's line before answering. */
const OUR_BANNER = "SSH-2.0-gomod_doctor_probe\r\n";
/** RFC 4253 allows other lines before the banner; 8 KiB is far more than any real server sends. */
const MAX_BYTES = 8192;

export async function readSshBanner(host: string, port: number, options: SshBannerOptions): Promise<SshBannerFacts> {
  const start = performance.now();
  const signal = withDeadline(options.signal, options.timeoutMs);
  const socket = new Socket();
  let connectMs: number | undefined;
  let received = "";
  const connected = new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  try {
    socket.connect({ host, port });
    await raceSignal(connected, signal, () => socket.destroy());
    connectMs = elapsed(start);
    socket.write(OUR_BANNER);
    const line = await raceSignal(
      new Promise<{ line?: string; end?: "closed" | "reset" }>((resolve) => {
        socket.on("data", (chunk: Buffer) => {
          received += chunk.toString("latin1");
          const lines = received.split(/\r?\n/);
          const banner = lines.slice(0, -1).find((l) => l.startsWith("SSH-"));
          if (banner !== undefined) resolve({ line: banner });
          // Other lines may come before the banner (RFC 4253 4.2); an HTTP or TLS answer, or too much of anything, is not ssh.
          else if (/^(HTTP\/|\x16\x03)/.test(received) || received.length >= MAX_BYTES) resolve({ line: lines[0]! });
        });
        socket.once("end", () => resolve({ end: "closed" }));
        socket.once("error", (error: NodeJS.ErrnoException) => resolve({ end: error.code === "ECONNRESET" ? "reset" : "closed" }));
        socket.once("close", () => resolve({ end: "closed" }));
      }),
      signal,
      () => socket.destroy(),
    );
    const ms = elapsed(start);
    const base = { host, port, ms, connectMs };
    if (line.line?.startsWith("SSH-")) return { ...base, ok: true, outcome: "banner", banner: printable(line.line) };
    if (line.line !== undefined) return { ...base, ok: false, outcome: "not-ssh", firstLine: printable(line.line), code: "NOT_SSH", message: `answered "${printable(line.line)}", not an ssh banner` };
    const what = line.end === "reset" ? "reset" : "closed";
    return {
      ...base,
      ok: false,
      outcome: what,
      ...(received ? { firstLine: printable(received.split(/\r?\n/)[0]!) } : {}),
      code: what === "reset" ? "ECONNRESET" : "SOCKET_CLOSED",
      message: `the server ${what === "reset" ? "reset" : "closed"} the connection before sending an ssh banner`,
    };
  } catch (error) {
    const { code, message } = classifyError(error);
    const ms = elapsed(start);
    if (connectMs !== undefined) {
      return { ok: false, ms, host, port, connectMs, outcome: "silent", code, message: `connected in ${Math.round(connectMs)} ms; no ssh banner in ${Math.round(ms - connectMs)} ms` };
    }
    // A reset while connecting still means the server accepted (and then reset) the connection.
    if (code === "ECONNRESET") return { ok: false, ms, host, port, outcome: "reset", code, message: "the server reset the connection before sending an ssh banner" };
    return { ok: false, ms, host, port, outcome: code === "ECONNREFUSED" ? "refused" : code === "TIMEOUT" ? "connect-timeout" : code === "ENOTFOUND" || code === "EAI_AGAIN" ? "dns" : "connect-failed", code, message };
  } finally {
    socket.destroy();
  }
}

