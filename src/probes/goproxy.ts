// One task per GOPROXY URL entry: the endpoint link by link, then a real
// module-protocol request (the stuck module's .info or @v/list when the trace
// names one) and a bounded read of the stuck zip. Honours HTTP(S)_PROXY as
// the go command would, recording `viaProxy`.
import type { Context } from "../context/types.js";
import { fileProxyDir, parseGoproxy } from "../context/goproxy.js";
import { proxyForUrl } from "../context/httpproxy.js";
import { routeModule } from "../context/routes.js";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import { redactUrl } from "../util/redact.js";
import type { Probe, ProbeTask, Trigger } from "./types.js";
import { requiredModules, stuckTargets, type StuckTarget } from "./evidence.js";
import { trustStore } from "./net/cas.js";
import { probeBudgetMs } from "./net/deadline.js";
import { probeEndpoint } from "./net/endpoint.js";
import { answerKind } from "./net/proxy-answer.js";
import { endpointOutcome, taskId } from "./outcome.js";
import { readNetrc } from "./netrc-facts.js";

export interface ProtocolRequest {
  requestUrl: string;
  zipUrl?: string;
  /** The module asked about, if any. */
  module?: string;
  /** The version asked about (an .info request), if any. */
  version?: string;
  /** The module's version list, to read if the .info request is answered 404/410. */
  listUrl?: string;
}

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path}`;
}

function moduleUrl(base: string, module: string, what: string): string {
  return join(base, `${escapeModulePath(module)}/@v/${what}`);
}

/** The request that tells most about this proxy: the stuck module here, else a required one, else the root. */
export function protocolRequest(base: string, stuck: StuckTarget[], ctx: Context): ProtocolRequest {
  const clean = base.replace(/\/+$/, "");
  const target = stuck.find((s) => s.url?.startsWith(`${clean}/`)) ?? stuck[0];
  if (target) {
    const request: ProtocolRequest = {
      module: target.module,
      ...(target.version ? { version: target.version } : {}),
      requestUrl: target.version ? moduleUrl(base, target.module, `${escapeVersion(target.version)}.info`) : moduleUrl(base, target.module, "list"),
    };
    if (target.version) request.listUrl = moduleUrl(base, target.module, "list");
    if (target.zip && target.version) request.zipUrl = moduleUrl(base, target.module, `${escapeVersion(target.version)}.zip`);
    return request;
  }
  const first = requiredModules(ctx).find((m) => !m.local && routeModule(ctx.env, m.path).route === "proxy");
  if (first) return { module: first.path, requestUrl: moduleUrl(base, first.path, "list") };
  return { requestUrl: `${clean}/` };
}

/** The GOPROXY entries reached over the network (http, https), in order; file:// ones are file-proxy's. */
export function proxyUrls(ctx: Context): string[] {
  return parseGoproxy(ctx.env.GOPROXY).entries.flatMap((e) => (e.kind === "url" && e.url && fileProxyDir(e.url) === undefined ? [e.url] : []));
}

export const goproxyProbe: Probe = {
  id: "goproxy",
  title: "Module proxy",
  plan(ctx: Context, trigger: Trigger, options): ProbeTask[] {
    const bases = proxyUrls(ctx);
    const stuck = stuckTargets(trigger.trace, bases);
    return bases.map((base) => {
      const shown = redactUrl(base);
      return {
        id: taskId("goproxy", shown),
        probe: "goproxy",
        title: `GOPROXY ${shown}`,
        target: shown,
        async run(signal) {
          const request = protocolRequest(base, stuck, ctx);
          const proxy = proxyForUrl(base, ctx.process);
          const kind = answerKind(request.requestUrl);
          const facts = await probeEndpoint(base, {
            signal,
            timeoutMs: probeBudgetMs(options.timeoutMs),
            trust: await trustStore(ctx.process),
            requestUrl: request.requestUrl,
            // A 200 that is no module proxy's answer (a login page, a body without end) fails the step.
            ...(kind ? { answer: { kind, ...(request.version ? { version: request.version } : {}) } } : {}),
            ...(request.zipUrl ? { zipUrl: request.zipUrl } : {}),
            ...(request.listUrl ? { list: { url: request.listUrl, ...(request.version ? { version: request.version } : {}) } } : {}),
            ...(proxy ? { proxy } : {}),
            // The file go is stuck on may hang here too: the root's answer tells a stuck proxy from a silent one.
            ...(stuck.length > 0 ? { rootAlongside: true } : {}),
          });
          if (request.module) facts.module = request.module;
          // cmd/go/internal/web adds ~/.netrc credentials to https requests only: a 401/403 then means those were refused.
          if (base.startsWith("https://")) facts.netrc = await readNetrc(ctx, facts.host);
          return { ...endpointOutcome(facts), facts: { ...facts } };
        },
      };
    });
  },
};
