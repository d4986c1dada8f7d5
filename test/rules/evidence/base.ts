// Builders for hand-written Evidence, modelled on real probe facts and trace
// summaries. Each scenario file states only what differs from these.
import type { Context, GoEnv } from "../../../src/context/types.js";
import type {
  EndpointFacts,
  FileProxyFacts,
  HttpProxyFacts,
  ModcacheFacts,
  NetworkFacts,
  PrivateModulesFacts,
  SumdbFacts,
  VcsFacts,
} from "../../../src/probes/types.js";
import type { ProbeResult, RequestState } from "../../../src/report/schema.js";
import type { GoErrorState, TraceSummary } from "../../../src/stall/types.js";
import type { Evidence } from "../../../src/rules/types.js";

export function env(over: Partial<GoEnv> = {}): GoEnv {
  return {
    GOPROXY: "https://proxy.golang.org,direct",
    GONOPROXY: "",
    GOPRIVATE: "",
    GONOSUMDB: "",
    GOSUMDB: "sum.golang.org",
    GOINSECURE: "",
    GOFLAGS: "",
    GOMODCACHE: "/home/dev/go/pkg/mod",
    GOPATH: "/home/dev/go",
    GOVCS: "",
    GOTOOLCHAIN: "auto",
    GOAUTH: "",
    GOVERSION: "go1.23.5",
    GOENV: "/home/dev/.config/go/env",
    GOOS: "linux",
    GOARCH: "amd64",
    ...over,
  } as GoEnv;
}

export function ctx(over: Partial<GoEnv> = {}, processOver: Context["process"] = {}, require: string[] = ["golang.org/x/text@v0.14.0"]): Context {
  return {
    dir: "/home/dev/svc",
    goBin: "/usr/lib/go-1.23/bin/go",
    goVersion: "go1.23.5",
    env: env(over),
    process: { HOME: "/home/dev", ...processOver },
    mod: {
      module: "example.com/svc",
      go: "1.21",
      require: require.map((r) => {
        const [path, version] = r.split("@") as [string, string];
        return { path, version, indirect: false };
      }),
      replace: [],
      exclude: [],
    },
  };
}

export function trace(over: Partial<TraceSummary> = {}): TraceSummary {
  return {
    startedMs: 0,
    lastProgressMs: 0,
    modules: [],
    outstanding: [],
    requests: [],
    vcs: [],
    lockWaits: [],
    errors: [],
    toolchain: [],
    timed: true,
    ...over,
  };
}

export function req(url: string, end: { status?: number; error?: string } | undefined, kind = kindOf(url)): RequestState {
  return { url, kind, startedMs: 10, ...(end ? { endedMs: 20, ...end } : {}) };
}

function kindOf(url: string): string {
  if (/\/lookup\//.test(url)) return "sumdb";
  if (/\/sumdb\/.+\/supported$/.test(url)) return "sumdb-supported";
  if (/go-get=1/.test(url)) return "go-import";
  const m = /\.(info|mod|zip)$/.exec(url);
  if (m) return m[1]!;
  if (/@v\/list$/.test(url)) return "list";
  return "other";
}

export function goError(message: string, details: string[] = [], module?: string, version?: string): GoErrorState {
  return { message, details, ...(module ? { module } : {}), ...(version ? { version } : {}) };
}

function result<F extends object>(probe: string, target: string, facts: F, status: ProbeResult["status"] = "ok", ms = 12): ProbeResult {
  return { id: `${probe}:${target}`, probe, title: `${probe} ${target}`, target, status, ms, facts: facts as Record<string, unknown> };
}

export function endpoint(url: string, over: Partial<EndpointFacts> = {}): EndpointFacts {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  return {
    url,
    host: u.hostname,
    port,
    dns: { ok: true, ms: 2, host: u.hostname, addresses: ["203.0.113.10"] },
    tcp: { ok: true, ms: 20, address: "203.0.113.10", port },
    ...(u.protocol === "https:" ? { tls: { ok: true, ms: 30, issuer: "GTS CA 1C3", subject: u.hostname, trust: "system" as const, hostnameMatch: true } } : {}),
    http: { ok: true, ms: 60, url, status: 200, ttfbMs: 60 },
    ...over,
  };
}

export function goproxyProbe(f: EndpointFacts, status: ProbeResult["status"] = f.failedStep ? "fail" : "ok"): ProbeResult {
  return result("goproxy", f.url, f, status);
}

export function mirrorProbe(f: EndpointFacts, status: ProbeResult["status"] = f.failedStep ? "fail" : "ok"): ProbeResult {
  return result("mirror", f.url, f, status);
}

export function sumdbProbe(f: SumdbFacts, status: ProbeResult["status"] = f.endpoint?.failedStep ? "fail" : "ok"): ProbeResult {
  return result("sumdb", f.name, f, status);
}

export function httpProxyProbe(f: HttpProxyFacts, status: ProbeResult["status"] = "ok"): ProbeResult {
  return result("http-proxy", f.variable, f, status);
}

export function privateProbe(f: PrivateModulesFacts, status: ProbeResult["status"] = f.uncovered.length > 0 ? "warn" : "ok"): ProbeResult {
  return result("private-modules", "go.mod", f, status);
}

export function vcsProbe(f: VcsFacts, status: ProbeResult["status"] = "ok"): ProbeResult {
  return result("vcs", f.host, f, status);
}

export function modcacheProbe(over: Partial<ModcacheFacts> = {}, status: ProbeResult["status"] = "ok"): ProbeResult {
  const f: ModcacheFacts = {
    dir: "/home/dev/go/pkg/mod",
    exists: true,
    writable: true,
    freeBytes: 50 * 1024 ** 3,
    totalBytes: 100 * 1024 ** 3,
    orphans: [],
    lockHolders: [],
    locksReadable: true,
    goflags: { modVendor: false, modcacherw: false, modReadonly: false },
    ...over,
  };
  return result("modcache", f.dir, f, status);
}

export function fileProxyProbe(f: FileProxyFacts): ProbeResult {
  const bad = f.state !== "ok" || f.missingModules.length > 0 || f.files.some((x) => x.state !== "present");
  return result("file-proxy", f.url, f, bad ? "fail" : "ok");
}

export function networkProbe(names: NetworkFacts["names"]): ProbeResult {
  return result("network", "well-known names", { names }, names.every((n) => !n.ok) ? "fail" : "ok");
}

export const ONLINE = networkProbe([
  { host: "proxy.golang.org", ok: true, ms: 3 },
  { host: "sum.golang.org", ok: true, ms: 3 },
  { host: "github.com", ok: true, ms: 4 },
]);

export const OFFLINE = networkProbe([
  { host: "proxy.golang.org", ok: false, code: "ENOTFOUND", ms: 2 },
  { host: "sum.golang.org", ok: false, code: "ENOTFOUND", ms: 2 },
  { host: "github.com", ok: false, code: "ENOTFOUND", ms: 2 },
]);

export function vcsFacts(host: string, over: Partial<VcsFacts> = {}): VcsFacts {
  return {
    host,
    modules: [`${host}/team/lib`],
    netrc: { hasHost: false, hasPassword: false },
    insteadOf: [],
    credentialHelpers: [],
    promptSettings: {},
    canPrompt: false,
    ...over,
  };
}

export function evidence(over: Partial<Evidence> & Pick<Evidence, "outcome">): Evidence {
  return { probes: [], ...over };
}
