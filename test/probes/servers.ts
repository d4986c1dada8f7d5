// Loopback servers for the probe tests: well-behaved, silent and hostile.
// Every server listens on 127.0.0.1:0 and is closed by `closeAll`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Closable = { close(): unknown; sockets: Set<Socket> };
const open: Closable[] = [];
const tempDirs: string[] = [];

function track(server: Server): Closable {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  const entry = { close: () => server.close(), sockets };
  open.push(entry);
  return entry;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Accepts connections and never sends a byte. */
export async function blackhole(): Promise<number> {
  const server = createNetServer(() => undefined);
  track(server);
  return listen(server);
}

/** A port nothing listens on (bound, then closed). */
export async function refusedPort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A raw TCP server: `onConnection` writes whatever it likes. */
export async function rawServer(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createNetServer((socket) => {
    socket.on("error", () => undefined);
    onConnection(socket);
  });
  track(server);
  return listen(server);
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function httpServer(handler: Handler): Promise<number> {
  const server = createHttpServer(handler);
  track(server);
  return listen(server);
}

export interface SelfSigned {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

let cachedCert: SelfSigned | undefined;

/** A self-signed certificate for 127.0.0.1 made with openssl, valid two days. */
export function selfSigned(): SelfSigned {
  if (cachedCert) return cachedCert;
  const dir = mkdtempSync(join(tmpdir(), "gmd-tls-"));
  tempDirs.push(dir);
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", "-keyout", keyFile, "-out", certFile],
    { stdio: "ignore", timeout: 20_000 },
  );
  cachedCert = { dir, certFile, keyFile, cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
  return cachedCert;
}

export async function httpsServer(handler: Handler, cert: { cert: string; key: string } = selfSigned()): Promise<number> {
  const server = createHttpsServer({ cert: cert.cert, key: cert.key }, handler);
  track(server as unknown as Server);
  return listen(server as unknown as Server);
}

export async function closeAll(): Promise<void> {
  for (const entry of open.splice(0)) {
    for (const socket of entry.sockets) socket.destroy();
    entry.close();
  }
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  cachedCert = undefined;
}
