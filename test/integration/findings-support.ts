// Shared set-up for the findings-*, probe-* and secrets tests: the fixture
// proxy and endpoints, an isolated go environment whose network probe
// resolves only loopback names, a project, the CLI's reports, and a checksum
// database stand-in. Everything registered is undone by cleanupAll() (call it
// in afterEach).
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ProjectName } from "../../fixtures/projects.js";
import type { Fault } from "../../fixtures/proxy.js";
import { startBlackhole, type FixtureEndpoint } from "../../fixtures/endpoints.js";
import { verifierKey } from "../../src/context/sumdb.js";
import { ReportSchema, type Finding, type Report } from "../../src/report/schema.js";
import { runDiagnose, type DiagnoseRun, type DiagnoseTiming } from "./support/diagnose-run.js";
import { cleanupAll, defer, FAST, leftovers, proxy, setup as watchSetup, type Setup } from "./support/watch.js";

// One clean-up stack, one proxy starter and one set of short deadlines for every integration test.
export { cleanupAll, defer, FAST, leftovers, proxy, type Setup };


export async function blackhole(): Promise<FixtureEndpoint> {
  const b = await startBlackhole();
  defer(() => b.close());
  return b;
}

/** An isolated go env (GOPROXY = proxyUrl, the network probe resolves only localhost) and a copied or written project. */
export function setup(project: ProjectName | { gomod: string }, proxyUrl: string, extra: Record<string, string> = {}): Promise<Setup> {
  return watchSetup(project, proxyUrl, { extra });
}

export function parseReport(stdout: string): Report {
  return ReportSchema.parse(JSON.parse(stdout));
}

/** `diagnose DIR --json [-- GO COMMAND]` with FAST timeouts (or this timing): the report, its top finding, and no process left behind. */
export function diagnoseJson(dir: string, env: Record<string, string>, goCommand: string[] = [], timing: DiagnoseTiming = {}): Promise<DiagnoseRun> {
  return runDiagnose({ dir, env, goCommand, ...timing });
}

/**
 * The healthy project (example.com/a v1.0.0, example.com/b v1.2.0) against a fixture proxy with these
 * faults, through `diagnose --json`; `goproxy` builds GOPROXY from the proxy's URL (a fallback list).
 */
export async function diagnoseAgainst(faults: Fault[], opts: { extra?: Record<string, string>; timing?: DiagnoseTiming; goproxy?: (url: string) => string } = {}) {
  const px = await proxy({ faults });
  const { dir, env } = await setup("healthy", opts.goproxy ? opts.goproxy(px.url) : px.url, opts.extra);
  return { px, ...(await diagnoseJson(dir, env, [], opts.timing)) };
}

/** The finding names in rank order, for assertion messages. */
export function names(report: Report): string[] {
  return report.findings.map((f) => f.name);
}

export function finding(report: Report, name: string): Finding | undefined {
  return report.findings.find((f) => f.name === name);
}


/** A well-formed GOSUMDB value naming a database at `url` (any key: go fails before it verifies a signature). */
export function gosumdbFor(url: string): string {
  const name = new URL(url).host;
  return `${verifierKey(name, new Uint8Array(32).fill(7))} ${url}`;
}

/**
 * A checksum database stand-in: `/latest` answers 200 (it is up), lookups of
 * modules under `privatePrefix` answer like sum.golang.org for a repository
 * it cannot read (410 Gone, git's prompt error), and anything else 404.
 */
export async function startSumdb(privatePrefix: string): Promise<FixtureEndpoint & { requests: string[] }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const lookup = /^\/lookup\/(.+)@([^@/]+)$/.exec(url);
    let status = 404;
    let body = "not found";
    if (url === "/latest") {
      status = 200;
      body = "go.sum database tree\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
    } else if (lookup && lookup[1]!.startsWith(privatePrefix)) {
      status = 410;
      body =
        `not found: ${lookup[1]}@${lookup[2]}: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/0f1e: exit status 128:\n` +
        `\tfatal: could not read Username for 'https://${lookup[1]!.split("/")[0]}': terminal prompts disabled\n`;
    }
    res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const ep = {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      return closed;
    },
  };
  defer(() => ep.close());
  return ep;
}
