// Stall detection latency: a zip whose body stops after 64 KiB (socket held
// open), --stall-timeout 2. Measured from the moment the last byte left the
// server (the write callback of a small forwarding server in front of the
// fixture proxy, which does not record it) to the moment the `verdict` line
// of --ndjson reaches us. Baseline: T itself.
import { createServer, request } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startProxy } from "../fixtures/proxy.js";
import { makeProject } from "../fixtures/projects.js";
import { isolatedGoEnv } from "../fixtures/go-env.js";
import { cliArgv, LOOPBACK_ONLY, measure, median, ms, round } from "./lib.js";
import type { BenchResult } from "./lib.js";

const RUNS = 5;
const STALL_S = 2;
const AFTER_BYTES = 64 * 1024;
const STALLED_ZIP = "/example.com/big/@v/v1.0.0.zip";

interface StallServer {
  url: string;
  /** performance.now() when the last byte of the stalled zip was handed to the kernel. */
  lastByteAt(): number | undefined;
  close(): Promise<void>;
}

/** Forwards everything to `upstream`, except the stalled zip: headers, AFTER_BYTES of body, then silence. */
async function startStallServer(upstream: string): Promise<StallServer> {
  let lastByteAt: number | undefined;
  const server: Server = createServer((req, res) => {
    const up = request(`${upstream}${req.url ?? "/"}`, { method: req.method }, (answer) => {
      if (req.url !== STALLED_ZIP || answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        const body = Buffer.concat(chunks);
        res.writeHead(200, { "Content-Type": "application/zip", "Content-Length": body.length });
        res.write(body.subarray(0, AFTER_BYTES), () => (lastByteAt = performance.now()));
      });
    });
    up.on("error", () => res.destroy());
    up.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lastByteAt: () => lastByteAt,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

function parseLine(line: string): { type?: string; data?: { kind?: string } } | undefined {
  try {
    return JSON.parse(line) as { type?: string; data?: { kind?: string } };
  } catch {
    return undefined;
  }
}

export async function run(): Promise<BenchResult> {
  const proxy = await startProxy();
  const project = await makeProject("big");
  const latencies: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const stall = await startStallServer(proxy.url);
      const go = await isolatedGoEnv({ proxy: stall.url, extra: LOOPBACK_ONLY });
      let verdict: { at: number; kind: string; lastByteAt: number | undefined } | undefined;
      try {
        const args = ["diagnose", project.dir, "--ndjson", "--stall-timeout", String(STALL_S), "--probe-timeout", "1"];
        const r = await measure(cliArgv(args), {
          env: go.env,
          timeoutMs: 60_000,
          onLine: (line, at) => {
            if (verdict) return;
            const event = parseLine(line);
            if (event?.type === "verdict") verdict = { at, kind: event.data?.kind ?? "?", lastByteAt: stall.lastByteAt() };
          },
        });
        if (r.code !== 3 || verdict?.kind !== "stalled" || verdict.lastByteAt === undefined) {
          throw new Error(`detection-latency: expected a stall verdict and exit 3, got exit ${r.code}, verdict ${verdict?.kind}: ${r.stderr.slice(0, 500)}`);
        }
        latencies.push(verdict.at - verdict.lastByteAt);
      } finally {
        await stall.close();
        await go.cleanup();
      }
    }
  } finally {
    await proxy.close();
    await project.cleanup();
  }
  const t = STALL_S * 1000;
  const latency = median(latencies);
  return {
    name: "detection-latency",
    figure: `${ms(latency)} after the last byte`,
    ratio: latency / t,
    baseline: `T = ${ms(t)}`,
    target: `<= T + 0.5 s`,
    met: latency <= t + 500,
    data: { stallTimeoutMs: t, afterBytes: AFTER_BYTES, runs: RUNS, latenciesMs: latencies.map((x) => round(x, 1)), medianMs: round(latency, 1) },
  };
}
