#!/usr/bin/env node
// Runs a command (the test suite) so that no DNS query leaves loopback: a
// private mount namespace (unshare -m, as fixtures/hosts.ts does for host
// names) whose /etc/resolv.conf names a stub on 127.0.0.153 that answers
// NXDOMAIN to every question. The tests look up names that must fail
// (proxy.invalid, git.corp.test outside its hosts file); without this those
// questions would go to the machine's resolver. The machine's files are never
// touched. Without root or unshare, says so and runs the command as it is.
import { spawn, spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The stub's address: 127.0.0.153, or another loopback address when a
 * concurrent run (another clone's suite on the same machine) holds port 53 on it.
 */
const STUBS = ["127.0.0.153", ...Array.from({ length: 8 }, (_, i) => `127.0.53.${10 + i * 29}`)];
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: loopback-dns.mjs COMMAND [ARGS...]");
  process.exit(2);
}

/** The answer to any query: its header and question, QR=1, RA=1, RCODE=3 (NXDOMAIN), no records. */
function nxdomain(query) {
  if (query.length < 12) return undefined;
  const answer = Buffer.from(query);
  const rd = query[2] & 0x01;
  const opcode = query[2] & 0x78;
  answer[2] = 0x80 | opcode | rd;
  answer[3] = 0x80 | 0x03;
  answer.writeUInt16BE(0, 6); // ANCOUNT
  answer.writeUInt16BE(0, 8); // NSCOUNT
  answer.writeUInt16BE(0, 10); // ARCOUNT (drops an EDNS OPT record's count; its bytes are cut below)
  // Keep the header and the first question only.
  let i = 12;
  while (i < answer.length && answer[i] !== 0) i += answer[i] + 1;
  const end = Math.min(answer.length, i + 5);
  answer.writeUInt16BE(query.readUInt16BE(4) > 0 ? 1 : 0, 4);
  return answer.subarray(0, end);
}

function canSandbox() {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return "not root";
  if (spawnSync("unshare", ["-m", "true"], { stdio: "ignore", timeout: 10_000 }).status !== 0) return "unshare -m is not available";
  return undefined;
}

function run(argv, env = process.env) {
  const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", env });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

async function startStub(STUB) {
  const udp = createSocket("udp4");
  udp.on("message", (msg, from) => {
    const a = nxdomain(msg);
    if (a) udp.send(a, from.port, from.address);
  });
  const tcp = createServer((sock) => {
    sock.on("error", () => undefined);
    let buf = Buffer.alloc(0);
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const a = nxdomain(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
        if (a) sock.write(Buffer.concat([Buffer.from([a.length >> 8, a.length & 0xff]), a]));
      }
    });
  });
  await new Promise((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(53, STUB, resolve);
  });
  await new Promise((resolve, reject) => {
    tcp.once("error", (err) => {
      udp.close(); // a half-started stub does not keep its UDP port
      reject(err);
    });
    tcp.listen(53, STUB, resolve);
  });
  return () => {
    udp.close();
    tcp.close();
  };
}

/** Starts the stub on the first free address; its address and stop function. */
async function startAnyStub() {
  let last;
  for (const address of STUBS) {
    try {
      return { address, stop: await startStub(address) };
    } catch (err) {
      last = err;
    }
  }
  throw Object.assign(new Error(`cannot listen on port 53 of ${STUBS[0]} or ${STUBS.length - 1} other loopback addresses`), { code: last?.code });
}

const why = canSandbox();
if (why) {
  console.error(`loopback-dns: ${why}: DNS queries for test names go to this machine's resolver`);
  process.exit(await run([cmd, ...args]));
}
let stop;
let STUB;
try {
  ({ address: STUB, stop } = await startAnyStub());
} catch (err) {
  console.error(`loopback-dns: ${err.message} (${err.code ?? "error"}): DNS queries for test names go to this machine's resolver`);
  process.exit(await run([cmd, ...args]));
}
const dir = mkdtempSync(join(tmpdir(), "gomod-doctor-resolv-"));
const resolv = join(dir, "resolv.conf");
writeFileSync(resolv, `nameserver ${STUB}\noptions timeout:1 attempts:1\n`);
// GOMOD_DOCTOR_LOOPBACK_DNS tells the suite's own check (test/reliability/loopback-dns.test.ts) that it runs here.
const code = await run(["unshare", "-m", "sh", "-c", 'mount --bind "$0" /etc/resolv.conf && exec "$@"', resolv, cmd, ...args], {
  ...process.env,
  GOMOD_DOCTOR_LOOPBACK_DNS: STUB,
});
stop();
rmSync(dir, { recursive: true, force: true });
process.exit(code);
