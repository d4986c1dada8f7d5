// The direct (VCS) path, one task per host of the modules routed `direct`:
// the go-import meta tag, then `git ls-remote` against the repository it
// names, plus the settings that decide authentication and prompting.
import type { Context } from "../context/types.js";
import { routeModule } from "../context/routes.js";
import { matchPrefixPatterns } from "../context/patterns.js";
import { readGitConfig } from "../context/gitconfig.js";
import { redactText } from "../util/redact.js";
import type { Probe, ProbeResult, ProbeTask, VcsFacts } from "./types.js";
import { requiredModules } from "./evidence.js";
import { trustStore } from "./net/cas.js";
import { budget as makeBudget, probeBudgetMs } from "./net/deadline.js";
import { gitLsRemote } from "./net/git.js";
import { readSshBanner } from "./net/ssh-banner.js";
import { applyInsteadOf, sshEndpointOf } from "./net/ssh-url.js";
import { goImportFor, goImportsFor } from "./net/goimport.js";
import { httpGet, type HttpResult } from "./net/http.js";
import { htmlTitle } from "./net/proxy-answer.js";
import { stepError, taskId } from "./outcome.js";
import { canPrompt, promptSettings, relevantInsteadOf } from "./vcs-settings.js";
import { readNetrc } from "./netrc-facts.js";
import { moduleHost } from "./well-known.js";

/** Hosts whose repositories the go command knows without a meta tag (cmd/go/internal/vcs vcsPaths). */
export function knownRepo(path: string): { vcs: string; repo: string } | undefined {
  const match = /^github\.com\/([\w.-]+)\/([\w.-]+)/.exec(path);
  return match ? { vcs: "git", repo: `https://github.com/${match[1]}/${match[2]}` } : undefined;
}

/** Direct-route modules grouped by host. */
export function directHosts(ctx: Context): Map<string, string[]> {
  const hosts = new Map<string, string[]>();
  for (const m of requiredModules(ctx)) {
    if (m.local || routeModule(ctx.env, m.path).route !== "direct") continue;
    const host = moduleHost(m.path);
    hosts.set(host, [...(hosts.get(host) ?? []), m.path]);
  }
  return hosts;
}

/** Why no tag was found, in words: the page's title says what answered (a login page?), a cut read that it never ended. */
function noGoImport(path: string, fetched: HttpResult): string {
  const title = fetched.body !== undefined ? htmlTitle(fetched.body) : undefined;
  const page = title ? ` (the page is "${title}")` : "";
  if (fetched.truncated) return `no go-import meta tag for ${path} in the first ${Math.round((fetched.facts.bytes ?? 0) / 1024)} KiB of the page${page}, which was still going`;
  return `no go-import meta tag for ${path}${page}`;
}

export async function inspectVcsHost(ctx: Context, host: string, modules: string[], signal: AbortSignal, timeoutMs: number): Promise<VcsFacts> {
  const budget = makeBudget(timeoutMs);
  const first = modules[0]!;
  const gitConfig = readGitConfig({ cwd: ctx.dir, env: { ...process.env, ...ctx.process }, signal }).catch(() => ({ insteadOf: [], credentialHelpers: [] as string[] }));
  const facts: VcsFacts = {
    host,
    modules,
    netrc: await readNetrc(ctx, host),
    insteadOf: [],
    credentialHelpers: [],
    ...(ctx.env.GOAUTH ? { goauth: redactText(ctx.env.GOAUTH) } : {}),
    promptSettings: promptSettings(ctx.process),
    canPrompt: canPrompt(ctx.process),
  };
  let repo = knownRepo(first);
  if (!repo) {
    const trust = await trustStore(ctx.process);
    // The meta-tag fetch may use at most half the budget: git needs the rest.
    const metaBudget = () => Math.max(1, budget.remaining() / 2);
    let fetched = await httpGet(`https://${first}?go-get=1`, { signal, timeoutMs: metaBudget(), ca: trust.combined });
    if (fetched.facts.status === undefined && matchPrefixPatterns(ctx.env.GOINSECURE, first)) {
      fetched = await httpGet(`http://${first}?go-get=1`, { signal, timeoutMs: metaBudget() });
    }
    const meta = fetched.body !== undefined ? goImportFor(fetched.body, first) : undefined;
    // Two matching non-mod tags make the go command refuse the page (vcs.matchGoImport): keep them all for the rule to quote.
    const matching = fetched.body !== undefined ? goImportsFor(fetched.body, first).filter((m) => m.vcs !== "mod") : [];
    facts.goImport = { ...fetched.facts, ...(meta ? { meta } : {}), ...(matching.length > 1 ? { metaTags: matching.map((m) => `${m.prefix} ${m.vcs} ${m.repo}`) } : {}) };
    if (meta) repo = { vcs: meta.vcs, repo: meta.repo };
    else if (fetched.facts.ok) Object.assign(facts.goImport, { ok: false, code: "NO_GO_IMPORT", message: noGoImport(first, fetched) });
  }
  const config = await gitConfig;
  facts.credentialHelpers = config.credentialHelpers.map(redactText);
  facts.insteadOf = relevantInsteadOf(config.insteadOf, host, repo?.repo);
  if (repo?.vcs === "git") {
    // git rewrites the URL before it picks a transport: an https tag can end up on ssh, at a host and port of the rule's choosing.
    const effective = applyInsteadOf(repo.repo, config.insteadOf);
    const endpoint = sshEndpointOf(effective.url);
    // Both at once: a silent ssh server holds each until the deadline, and neither should eat the other's budget.
    const [lsRemote, banner] = await Promise.all([
      gitLsRemote(repo.repo, { signal, timeoutMs: budget.remaining(), env: { ...process.env, ...ctx.process } as NodeJS.ProcessEnv }),
      endpoint ? readSshBanner(endpoint.host, endpoint.port, { signal, timeoutMs: budget.remaining() }) : undefined,
    ]);
    facts.lsRemote = lsRemote;
    if (endpoint && banner) facts.ssh = { url: redactText(effective.url), ...(effective.rule ? { rule: effective.rule } : {}), banner };
  }
  return facts;
}

export const vcsProbe: Probe = {
  id: "vcs",
  title: "Direct (VCS) access",
  plan(ctx, _trigger, options): ProbeTask[] {
    return [...directHosts(ctx)].map(([host, modules]) => ({
      id: taskId("vcs", host),
      probe: "vcs",
      title: `Direct access to ${host}`,
      target: host,
      async run(signal): Promise<Pick<ProbeResult, "status" | "facts" | "error">> {
        const facts = await inspectVcsHost(ctx, host, modules, signal, probeBudgetMs(options.timeoutMs));
        const error = stepError(facts.lsRemote, "GIT") ?? stepError(facts.goImport, "GO_IMPORT");
        const status = error ? "fail" : facts.canPrompt ? "warn" : "ok";
        return { status, facts: { ...facts }, ...(error ? { error } : {}) };
      },
    }));
  },
};
