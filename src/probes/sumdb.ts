// The checksum database path, as the go command walks it (modfetch/sumdb.go):
// an explicit URL in GOSUMDB is used as is, bypassing the proxies; otherwise
// each GOPROXY URL entry is asked `<proxy>/sumdb/<name>/supported`, 404/410
// moves on, 200 uses that proxy, and reaching `direct`, `off` or the end
// means the database itself, which is then probed. Also: private-looking
// modules that would still be looked up in it.
import type { Context } from "../context/types.js";
import { fileProxyDir, parseGoproxy } from "../context/goproxy.js";
import { parseGosumdb } from "../context/sumdb.js";
import { proxyForUrl } from "../context/httpproxy.js";
import { routeModule } from "../context/routes.js";
import { redactUrl } from "../util/redact.js";
import type { Probe, ProbeResult, ProbeTask, SumdbFacts, Trigger } from "./types.js";
import { privateEvidence, requiredModules } from "./evidence.js";
import { responseSaysPrivate } from "../trace/server-response.js";
import { trustStore } from "./net/cas.js";
import { budget as makeBudget, probeBudgetMs } from "./net/deadline.js";
import { probeEndpoint } from "./net/endpoint.js";
import { PROBE_CODES } from "./net/errors.js";
import { DEFAULT_MAX_BYTES, httpGet } from "./net/http.js";
import { endpointOutcome } from "./outcome.js";
import { fileState } from "./file-proxy.js";

export function privateLookups(ctx: Context, trigger: Trigger): string[] {
  // Only sum.golang.org is known to hold no private module: another database's (GOSUMDB's) not-found must say why.
  const custom = parseGosumdb(ctx.env.GOSUMDB).name !== "sum.golang.org";
  return requiredModules(ctx)
    .filter((m) => {
      if (m.local || routeModule(ctx.env, m.path).noSumdb) return false;
      const evidence = privateEvidence(trigger.trace, m.path);
      return evidence !== undefined && (!custom || responseSaysPrivate(evidence));
    })
    .map((m) => m.path);
}

export const sumdbProbe: Probe = {
  id: "sumdb",
  title: "Checksum database",
  plan(ctx, trigger, options): ProbeTask[] {
    const db = parseGosumdb(ctx.env.GOSUMDB);
    const name = db.off ? "off" : db.name;
    return [
      {
        id: `sumdb:${name}`,
        probe: "sumdb",
        title: `Checksum database ${name}`,
        target: db.off ? "off" : redactUrl(db.url),
        async run(signal): Promise<Pick<ProbeResult, "status" | "facts" | "error">> {
          if (db.error) return { status: "fail", facts: { name, privateLookups: [] }, error: { code: "BAD_GOSUMDB", message: db.error } };
          if (db.off) return { status: "skipped", facts: { name: "off", privateLookups: [] } satisfies SumdbFacts };
          const facts: SumdbFacts = { name, url: redactUrl(db.url), privateLookups: privateLookups(ctx, trigger) };
          const budget = makeBudget(probeBudgetMs(options.timeoutMs));
          const trust = await trustStore(ctx.process);
          let direct = true;
          let failure: ProbeResult["error"] | undefined;
          const entries = db.explicitUrl ? [] : parseGoproxy(ctx.env.GOPROXY).entries;
          if (!db.explicitUrl) facts.proxySupported = [];
          for (const entry of entries) {
            if (entry.kind !== "url" || !entry.url) break; // direct or off: the database itself
            const url = `${entry.url.replace(/\/+$/, "")}/sumdb/${name}/supported`;
            const local = fileProxyDir(url);
            if (local !== undefined) {
              // A file:// entry answers as go's getFile does: a missing file is a 404, an unreadable one a 403.
              const state = await fileState(local);
              const status = state === "present" ? 200 : state === "unreadable" ? 403 : 404;
              facts.proxySupported?.push({ proxy: entry.url, status });
              if (status === 200) {
                direct = false;
                break;
              }
              if (status === 404 || entry.fallThrough === "any") continue;
              direct = false;
              failure = { code: "EACCES", message: `${url}: permission denied` };
              break;
            }
            const proxy = proxyForUrl(url, ctx.process);
            // Half of what is left: a silent proxy must leave time for the database itself.
            const got = await httpGet(url, { signal, timeoutMs: budget.remaining() / 2, ca: trust.combined, ...(proxy ? { proxy: proxy.proxy } : {}) });
            // The go command reads the whole 200 answer: one without end holds it for ever.
            const endless = got.facts.status === 200 && got.truncated === true;
            const http = endless ? { ...got.facts, ok: false, code: PROBE_CODES.answerTooLarge, message: `200, but the answer was larger than ${DEFAULT_MAX_BYTES / 1024} KiB and still going` } : got.facts;
            facts.proxySupported?.push({ proxy: redactUrl(entry.url), ...(http.status !== undefined ? { status: http.status } : {}), ...(http.code && !http.ok ? { code: http.code } : {}) });
            if (endless) {
              direct = false;
              failure = { code: PROBE_CODES.answerTooLarge, message: `${redactUrl(url)}: ${http.message}` };
              break;
            }
            // A 200 whose body broke off is an error to the go command too (web.GetBytes).
            if (http.status === 200 && http.ok) {
              direct = false;
              break;
            }
            if (http.status === 404 || http.status === 410 || entry.fallThrough === "any") continue;
            direct = false;
            failure = { code: http.code ?? "HTTP", message: `${redactUrl(url)}: ${http.message ?? "failed"}` };
            break;
          }
          if (direct) {
            const proxy = proxyForUrl(db.url, ctx.process);
            facts.endpoint = await probeEndpoint(db.url, {
              signal,
              timeoutMs: budget.remaining(),
              trust,
              requestUrl: `${db.url.replace(/\/+$/, "")}/latest`,
              answer: { kind: "sumdb-latest" },
              ...(proxy ? { proxy } : {}),
            });
            const outcome = endpointOutcome(facts.endpoint);
            if (outcome.error) failure = outcome.error;
          }
          const status = failure ? "fail" : facts.privateLookups.length > 0 ? "warn" : "ok";
          return { status, facts: { ...facts }, ...(failure ? { error: failure } : {}) };
        },
      },
    ];
  },
};
