// GMD302-306: direct (VCS) fetches and authenticated proxies: credentials
// missing or refused, git/ssh waiting on a prompt, ssh keys and host keys;
// go-import meta tags of vanity paths (GMD306) are go-import.ts.
import type { Finding, Fix } from "../report/schema.js";
import { netrcOf, probed } from "./facts.js";
import { failingSeverity, insteadOfFix, makeFinding, netrcFix } from "./fixes.js";
import { isNoProxy, proxyUrls } from "./settings-view.js";
import { challengesMissingRepos } from "./hosts.js";
import { endpointOf, hostOf } from "./net-text.js";
import { observe, uniqueModules, waited, type Observation } from "./observe.js";
import { isModuleRefusal, isPublicProxyRefusal } from "./proxy-refusal.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { GO_IMPORT, goImport, publicGoImportRefusal } from "./go-import.js";

export const AUTH_FAILED: CauseInfo = {
  code: "GMD302",
  name: "auth-failed",
  title: "Credentials are missing or refused",
  explain:
    "The server needs credentials and got none or wrong ones: a module proxy answering 401/403, or git over https failing with " +
    "`terminal prompts disabled` / `could not read Username` (no credentials, and the go command forbids prompts) or `Authentication failed`. " +
    "Different from 404 (not found). The go command reads ~/.netrc (and GOAUTH from go1.24) for proxies; git reads ~/.netrc, credential " +
    "helpers and url.insteadOf rewrites. Give a read-only token for the host.",
};

export const GIT_PROMPT: CauseInfo = {
  code: "GMD303",
  name: "git-prompt",
  title: "git or ssh waits on a prompt nobody can answer",
  explain:
    "The go command runs git with GIT_TERMINAL_PROMPT=0 and ssh in BatchMode so they fail instead of asking. When those are overridden " +
    "(GIT_TERMINAL_PROMPT=1, a custom GIT_SSH_COMMAND, a credential manager in interactive mode) git asks for a user name or ssh asks to " +
    "accept a host key, and the download waits for ever with no output. Restore the non-interactive settings and provide the credentials " +
    "or the host key beforehand.",
};

export const SSH_AUTH: CauseInfo = {
  code: "GMD304",
  name: "ssh-publickey",
  title: "ssh authentication failed (Permission denied (publickey))",
  explain:
    "git reached the host over ssh (often because a url.insteadOf rule rewrites https to ssh) and no key was accepted. Load the key into " +
    "the agent, register it with the host, or fetch over https with a token instead.",
};

export const SSH_HOST_KEY: CauseInfo = {
  code: "GMD305",
  name: "ssh-host-key",
  title: "ssh does not know the host key (Host key verification failed)",
  explain:
    "ssh has no entry for the git host in known_hosts and, in batch mode, refuses to connect. Add the host key after checking its fingerprint " +
    "against the one the host publishes.",
};

const AUTH_TEXT = /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|HTTP Basic: Access denied|returned error: 40[13]|Invalid username or password/i;

function credHost(text: string): string | undefined {
  const m = /for '(https?:\/\/[^']+)'|(https?:\/\/[^\s'"/]+)/.exec(text);
  const url = m?.[1] ?? m?.[2];
  return url ? hostOf(url) : undefined;
}

function errorTexts(e: Evidence): { module?: string; text: string }[] {
  const out = (e.trace?.errors ?? []).map((x) => ({ ...(x.module ? { module: x.module } : {}), text: [x.message, ...x.details].join("\n") }));
  // ssh ends its lines with \r\n: without the \r, the probe's lines and go's quoted ones are the same lines.
  for (const p of probed(e, "vcs")) if (p.facts.lsRemote?.stderr) out.push({ text: p.facts.lsRemote.stderr.replace(/\r$/gm, ""), module: p.facts.modules[0]! });
  return out;
}

function authFailed(e: Evidence): Finding[] {
  const out: Finding[] = [];
  // A public proxy takes no credentials: its 403 is a refusal by policy (proxy-refusal.ts).
  // Nor is a 403 from a proxy that forbids a module it otherwise serves (its probe's 403 included).
  const all = observe(e);
  const forbidding = new Set(all.filter((o) => isModuleRefusal(e, o)).map((o) => o.host));
  const obs = all.filter(
    (o) =>
      (o.role === "proxy" || o.role === "vcs") &&
      (o.status === 401 || o.status === 403) &&
      !isPublicProxyRefusal(o) &&
      !publicGoImportRefusal(o.url, o.status) &&
      !(o.status === 403 && forbidding.has(o.host)) &&
      // Bitbucket's API asked which VCS a repository uses (bitbucketScmLookup): not a proxy, and not the credentials git needs.
      !BITBUCKET_SCM.test(o.url),
  );
  // A public proxy's `server response:` quoting its own git failure is not this machine's git.
  const gitHits = errorTexts(e).filter((x) => AUTH_TEXT.test(x.text) && !/server response:/.test(x.text));
  // An ssh key refusal is GMD304's (sshFailures): no .netrc or https token helps git over ssh.
  const vcsAuth = probed(e, "vcs").filter((p) => p.facts.lsRemote?.kind === "auth" && !/Permission denied \(publickey/.test(p.facts.lsRemote.stderr ?? ""));
  const hosts = [...new Set([...obs.map((o) => o.host), ...gitHits.flatMap((x) => credHost(x.text) ?? []), ...vcsAuth.map((p) => p.facts.host)])].filter(Boolean).sort();
  if (hosts.length === 0) return out;
  for (const host of hosts) {
    const proxyObs = obs.filter((o) => o.host === host);
    const git = gitHits.filter((x) => credHost(x.text) === host);
    const vcs = probed(e, "vcs").find((p) => p.facts.host === host);
    // The entry go sent: git's host (vcs probe), or an https module proxy's (goproxy probe).
    const netrc = vcs?.facts.netrc ?? probed(e, "goproxy").find((p) => p.facts.host === host && p.facts.netrc)?.facts.netrc;
    const evidence = [...proxyObs.map((o) => o.text), ...git.flatMap((x) => x.text.split("\n").filter((l) => AUTH_TEXT.test(l) || /^go: /.test(l)))];
    if (netrc?.hasHost) evidence.push(`~/.netrc has an entry for ${host}${netrc.hasPassword ? " with a password: it may be wrong, expired or lack read access" : " without a password"}`);
    if (vcs?.facts.lsRemote && !vcs.facts.lsRemote.ok) evidence.push(`probe ${vcs.result.id}: git ls-remote ${vcs.facts.lsRemote.repo}: ${vcs.facts.lsRemote.kind ?? "failed"}`);
    const refused = proxyObs.some((o) => o.status === 403) || git.some((x) => /Authentication failed|Access denied|Invalid username/i.test(x.text)) || !!netrc?.hasPassword;
    const isProxy = proxyObs.some((o) => o.role === "proxy");
    // cmd/go/internal/web adds ~/.netrc credentials only to https requests.
    // Only git's own failures are git's: a 401/403 on the go-get request is the go-import page's (the go command's own request).
    const pageOnly = git.length === 0 && vcs?.facts.lsRemote?.kind !== "auth" && proxyObs.length > 0 && proxyObs.every((o) => /[?&]go-get=1/.test(o.url));
    const askedBy = pageOnly ? "go-import page" : "git";
    const plainHttp = isProxy && proxyObs.some((o) => o.role === "proxy" && o.url.startsWith("http://"));
    const modules = [...new Set([...uniqueModules(proxyObs), ...git.flatMap((x) => (x.module ? [x.module] : []))])].sort();
    const maybeMissing = !isProxy && !refused && challengesMissingRepos(host) ? maybeMissingRepo(e, host, modules) : undefined;
    if (!isProxy && !pageOnly && refusedUnasked(git, proxyObs)) {
      out.push(unaskedRefusal(e, host, git, evidence, modules));
      continue;
    }
    out.push(
      makeFinding(AUTH_FAILED, {
        // Named with its port when the URL has one (two proxies on one host); ~/.netrc matches the host name alone.
        title:
          `${endpointOf(proxyObs[0]?.url) ?? host} ${refused ? "refuses the credentials" : "needs credentials"}${isProxy ? " (module proxy)" : ` (${askedBy})`}` +
          (maybeMissing ? `, or ${modules.length > 1 ? "the repositories do" : "the repository does"} not exist` : ""),
        severity: failingSeverity(e),
        confidence: 0.9,
        why:
          (refused
            ? `${host} answered that the credentials are not valid or lack access.`
            : `${host} needs credentials and none were given${isProxy ? "" : " (the go command does not let git prompt for them)"}.`) +
          (plainHttp ? " The proxy is reached over plain http, and the go command sends ~/.netrc credentials only over https: no ~/.netrc entry reaches it." : "") +
          (maybeMissing?.why ?? ""),
        evidence: [...new Set(evidence)].slice(0, 5),
        modules,
        fixes: [
          ...(maybeMissing?.fixes ?? []),
          plainHttp
            ? {
                summary: `Point GOPROXY at the proxy's https:// address: the go command sends credentials only there`,
                commands: ["go env GOPROXY"],
                caution: "Then put the credentials in ~/.netrc (machine " + host + "); user:password inside an http:// GOPROXY is refused as well.",
              }
            : maybeMissing
              ? forPrivateRepo(netrcFix(host, netrc))
              : netrcFix(host, netrc),
          ...(isProxy
            ? plainHttp
              ? []
              : [{ summary: "With go1.24 or later you can also let GOAUTH run a credential command", commands: ["go env -w GOAUTH=netrc"] }]
            : [insteadOfFix(host, git.some((x) => x.text.includes(`'http://${host}/`) || x.text.includes(`'http://${host}'`)) ? "http" : "https")]),
        ],
      }),
    );
  }
  return out;
}

/** git's wording of a server that asked for credentials (a 401) or rejected the ones it got. */
const ASKED_TEXT = /returned error: 401|terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|HTTP Basic: Access denied|Invalid username or password/i;

/**
 * git over https sends credentials (~/.netrc, a credential helper, a URL's user:token) only after the
 * server answers 401 and asks for them (curl's anyauth): a 403 with no 401 for the host refused a
 * request that carried none, and no ~/.netrc entry would have been sent.
 */
function refusedUnasked(git: { text: string }[], pages: Observation[]): boolean {
  return git.length > 0 && git.every((x) => /returned error: 403/.test(x.text) && !ASKED_TEXT.test(x.text)) && !pages.some((o) => o.status === 401);
}

function unaskedRefusal(e: Evidence, host: string, git: { text: string }[], evidence: string[], modules: string[]): Finding {
  const repo = git.map((x) => /unable to access '(https?:\/\/[^']+?)\/?'/.exec(x.text)?.[1]).find((u) => u !== undefined) ?? `https://${host}/<OWNER>/<REPO>`;
  const refs = `${repo}/info/refs?service=git-upload-pack`;
  // git config's http.<url>.* matches by scheme too: the one git used.
  const base = `${repo.startsWith("http://") ? "http" : "https"}://${host}/`;
  return makeFinding(AUTH_FAILED, {
    title: `${host} refuses git's request without asking for credentials (403, no 401 before it)`,
    severity: failingSeverity(e),
    confidence: 0.8,
    why:
      `git over http(s) sends credentials (from ~/.netrc, a credential helper, or a user:token in the URL) only after the server answers 401 and asks for them; ` +
      `${host} answered 403 straight away, so git sent none, and none added to ~/.netrc would be sent either. ` +
      "Either the server wants credentials on the first request (it answers anonymous requests 403 instead of 401), or something git sends anyway " +
      "(an Authorization header in git config) lacks access to the repository: a token's scope or permissions, an organisation's SSO authorisation, an IP allow-list.",
    evidence: [...new Set(evidence)].slice(0, 5),
    modules,
    fixes: [
      {
        summary: `Ask ${host} without and with credentials: 403 then 200 means it wants them on the first request; 403 both times, that the token lacks access to the repository (scope, permissions, SSO) or this network is not allowed`,
        commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' '${refs}'`, `curl -sS -o /dev/null -w '%{http_code}\\n' -u '<USER>:<TOKEN>' '${refs}'`],
      },
      {
        summary: `With git 2.46 or later, make git send the credentials it has for ${host} with its first request`,
        commands: ["git --version", `git config --global http.${base}.proactiveAuth basic`],
        caution: `git then asks its credential helper before the first request: one must hold ${host}'s token (the go command lets git prompt for nothing).`,
      },
      {
        summary: `Or send the token in a header on every request to ${host} (any git version)`,
        commands: [`git config --global http.${base}.extraHeader "Authorization: Basic $(printf '%s' '<USER>:<TOKEN>' | base64)"`],
        caution: "The header is stored in ~/.gitconfig in clear text; use a read-only token. If the server still answers 403, the token lacks access: give it read access to the repository.",
      },
    ],
  });
}

/**
 * github.com, gitlab.com and bitbucket.org challenge a request for a
 * repository that does not exist as they do for a private one, so git's
 * credential prompt may mean a deleted or renamed repository: say so, give a
 * check that needs no credentials, and, unless GOPROXY already asked
 * proxy.golang.org for these modules, fetching through it (it keeps copies of
 * public modules it has served, even after their repository is gone).
 */
function maybeMissingRepo(e: Evidence, host: string, modules: string[]): { why: string; fixes: Fix[] } {
  const first = modules[0];
  // A module path names its repository's root on these hosts in the first three elements (GitLab subgroups aside).
  const repo = first ? `https://${first.split("/").slice(0, host === "gitlab.com" ? undefined : 3).join("/")}` : `https://${host}/OWNER/REPO`;
  const version = first ? (e.trace?.errors ?? []).find((x) => x.module === first && x.version)?.version : undefined;
  const proxied = proxyUrls(e).some((u) => hostOf(u) === "proxy.golang.org") && modules.every((m) => isNoProxy(e, m) === false);
  return {
    why:
      ` ${host} answers a request for a repository that does not exist with the same credential challenge as for a private one, so the ` +
      "repository may not exist at all (deleted, renamed, or a typo in the path): no credentials would help then." +
      (proxied ? " GOPROXY already asked proxy.golang.org for it, and git ran only because the proxy did not have it either." : ""),
    fixes: [
      {
        summary: `Check whether the repository exists, without credentials: 200 is a public repository, 404 a missing (or private) one`,
        commands: [`curl -s -o /dev/null -w '%{http_code}\\n' ${repo}`, ...(first ? [`go mod why -m ${first}`] : [])],
        caution: "If it is gone, replace the requirement with a fork or a successor (go mod edit -replace), or upgrade the module that needs it.",
      },
      ...(proxied
        ? []
        : [
            {
              summary: "If the module is public, fetch it through proxy.golang.org, which may still hold a copy of a deleted repository",
              commands: ["go env GOPROXY GOPRIVATE GONOPROXY", `GOPROXY=https://proxy.golang.org GONOPROXY=none go mod download ${first ? `${first}${version ? `@${version}` : ""}` : ""}`.trim()],
              caution:
                "GONOPROXY=none sends even GOPRIVATE paths to the proxy for this one command: use it only for a public module. If it works, set GOPROXY " +
                "(and drop the path from GOPRIVATE/GONOPROXY) where the build sets them.",
            },
          ]),
    ],
  };
}

/** A credentials fix, offered for the case the repository is private (not missing). */
function forPrivateRepo(fix: Fix): Fix {
  return { ...fix, summary: `If the repository is private: ${fix.summary.charAt(0).toLowerCase()}${fix.summary.slice(1)}` };
}

/**
 * GitLab answers an unauthenticated `?go-get=1` for a project in a private
 * subgroup with a go-import tag naming only the first two path elements
 * (GROUP/SUBGROUP.git: it must not reveal the project), so git asks for a
 * repository that does not exist: `The project you were looking for could not
 * be found` for the cut path. Credentials on the go-get request fix it.
 * This reads that shape from an error's text.
 */
export function hiddenSubgroup(text: string): { host: string; repoPath: string; asked: string } | undefined {
  if (!/The project you were looking for could not be found/.test(text)) return undefined;
  const repo = /repository '(https?:\/\/[^']+?)\/?' not found/.exec(text)?.[1];
  const host = repo ? hostOf(repo) : undefined;
  if (!repo || !host) return undefined;
  const repoPath = repo.replace(/^https?:\/\/[^/]+\//, "").replace(/\.git$/, "");
  // The path go asked for: longer than the repository it was sent to.
  const at = text.indexOf(`${host}/${repoPath}/`);
  if (at < 0 || repoPath.split("/").length !== 2) return undefined;
  return { host, repoPath, asked: /^[^\s:@'"]+/.exec(text.slice(at))![0] };
}

function gitlabSubgroup(e: Evidence): Finding[] {
  const out: Finding[] = [];
  for (const x of errorTexts(e)) {
    const hidden = hiddenSubgroup(x.text);
    if (!hidden || out.some((f) => f.modules?.includes(hidden.asked))) continue;
    const { host, repoPath, asked } = hidden;
    out.push(
      makeFinding(AUTH_FAILED, {
        title: `${host} names the wrong repository for ${asked} (a private subgroup, no credentials sent)`,
        severity: failingSeverity(e),
        confidence: 0.75,
        why:
          `The go command asked https://${asked}?go-get=1 without credentials, and GitLab, which must not reveal private projects, answered with ` +
          `the first two path elements (${repoPath}.git); git then found no such repository. With credentials on that request GitLab names the real one.`,
        evidence: x.text.split("\n").map((l) => l.trim()).filter((l) => l.includes(asked) || /could not be found|fatal: repository/.test(l)).slice(0, 4),
        modules: [asked],
        fixes: [
          netrcFix(host, netrcOf(e, host)),
          {
            summary: `And keep ${host} away from the public proxy and checksum database`,
            commands: [`go env -w GOPRIVATE=${host}`],
            caution: "Or require the module by its repository path with .git (the project's go.mod must then declare that path).",
          },
        ],
      }),
    );
  }
  return out;
}

/** go before 1.16 asked Bitbucket's API which VCS a bitbucket.org repository uses (vcs.go's bitbucketVCS). */
const BITBUCKET_SCM = /^https:\/\/api\.bitbucket\.org\/2\.0\/repositories\/([^/?\s]+\/[^/?\s]+)\?fields=scm$/;

/**
 * `reading https://api.bitbucket.org/2.0/repositories/O/R?fields=scm: 403 Forbidden`: a go before 1.16 asked Bitbucket's
 * API which VCS bitbucket.org/O/R uses. For a private repository the API answers 403, and go then tries git over https
 * itself; it prints the API's 403 only when git failed too (no credentials, and go lets no prompt through).
 */
function bitbucketScmLookup(e: Evidence): Finding[] {
  const hits = observe(e).filter((o) => o.status === 403 && BITBUCKET_SCM.test(o.url));
  if (hits.length === 0) return [];
  const repos = [...new Set(hits.map((o) => BITBUCKET_SCM.exec(o.url)![1]!))].sort();
  const owner = repos[0]!.split("/")[0]!;
  return [
    makeFinding(AUTH_FAILED, {
      title: `bitbucket.org needs credentials for ${repos.map((r) => `bitbucket.org/${r}`).join(", ")} (git over https; Bitbucket's API answered 403)`,
      severity: failingSeverity(e),
      confidence: 0.85,
      why:
        "A go before 1.16 first asks Bitbucket's API which VCS a bitbucket.org repository uses; for a private repository the API answers 403 " +
        "(`Access denied. You must have write or admin access.`, whatever access you have), and go then tries git over https itself. " +
        "It prints the API's answer only when git failed as well: git had no credentials for bitbucket.org, and the go command lets no prompt through. " +
        "Go 1.16 and newer skip the API and run git directly.",
      evidence: [...new Set(hits.map((o) => o.text))].slice(0, 4),
      modules: uniqueModules(hits),
      fixes: [
        netrcFix("bitbucket.org", netrcOf(e, "bitbucket.org")),
        { ...insteadOfFix("bitbucket.org"), summary: "Or let git use your ssh key for bitbucket.org", commands: ['git config --global url."git@bitbucket.org:".insteadOf "https://bitbucket.org/"'], caution: "The ssh key must be added to your Bitbucket account." },
        {
          summary: `And keep bitbucket.org/${owner} away from the public proxy and checksum database; with go 1.16 or newer the API lookup is gone`,
          commands: [`go env -w GOPRIVATE=bitbucket.org/${owner}`, "go version"],
        },
      ],
    }),
  ];
}

function prompts(e: Evidence): Finding[] {
  const waiters = e.promptWaiters ?? [];
  const vcsStalls = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "vcs");
  const canPrompt = probed(e, "vcs").filter((p) => p.facts.canPrompt || p.facts.lsRemote?.kind === "prompt" || p.facts.lsRemote?.kind === "host-key");
  if (waiters.length === 0 && !(vcsStalls.length > 0 && canPrompt.length > 0)) return [];
  const hostKey = waiters.some((w) => /host key|authenticity|known_hosts|yes\/no/i.test(w.why)) || canPrompt.some((p) => p.facts.lsRemote?.kind === "host-key");
  const settings = Object.entries(canPrompt[0]?.facts.promptSettings ?? {}).map(([k, v]) => `${k}=${v}`);
  const host = canPrompt[0]?.facts.host ?? (vcsStalls[0]?.repo ? hostOf(vcsStalls[0].repo) : undefined);
  return [
    makeFinding(GIT_PROMPT, {
      title: `${waiters[0] ? "git/ssh" : "git"} is waiting on a ${hostKey ? "host-key" : "credential"} prompt${host ? ` for ${host}` : ""}`,
      severity: "blocker",
      confidence: waiters.length > 0 ? 0.9 : 0.75,
      why: "A git or ssh process of the go command waits for an answer on a terminal; the download makes no progress until it gets one.",
      evidence: [
        ...waiters.map((w) => `pid ${w.pid}: ${w.command} (${w.why})`),
        ...vcsStalls.map((s) => `${s.command ?? "git"}: no output ${waited(e, s)}${s.repo ? ` (${s.repo})` : ""}`),
        ...(settings.length > 0 ? [`prompts enabled by: ${settings.join(" ")}`] : []),
      ].slice(0, 5),
      modules: vcsStalls.flatMap((s) => (s.module ? [s.module] : [])),
      fixes: [
        { summary: "Restore the go command's non-interactive defaults so git fails fast instead of waiting", commands: ["export GIT_TERMINAL_PROMPT=0", "unset GIT_SSH_COMMAND GCM_INTERACTIVE"] },
        hostKey && host
          ? { summary: `Add ${host}'s ssh host key after checking its fingerprint`, commands: [`ssh-keyscan -t ed25519 ${host} | tee -a ~/.ssh/known_hosts | ssh-keygen -lf -`], caution: "Compare the printed fingerprint with the one the host publishes before trusting it." }
          : netrcFix(host ?? "<GIT_HOST>"),
      ],
    }),
  ];
}

/**
 * Where ssh went: the vcs probe's reading of the URL git uses (an insteadOf rewrite to ssh) when it names this host
 * or ssh's words name none (`Host key verification failed.` names no host); else the host ssh's words or go's error name.
 */
function sshTarget(e: Evidence, x: { module?: string; text: string }): { host: string; port: number; rule?: { from: string; to: string } } {
  const named = /(?:git@|ssh:\/\/(?:[^@/]+@)?)([^:/\s]+)/.exec(x.text)?.[1];
  const ssh = probed(e, "vcs")
    .map((p) => p.facts.ssh)
    .find((f) => f !== undefined && (named === undefined || f.banner.host === named));
  if (ssh) return { host: ssh.banner.host, port: ssh.banner.port, ...(ssh.rule ? { rule: ssh.rule } : {}) };
  const rule = probed(e, "vcs").flatMap((p) => p.facts.insteadOf).find((r) => /^(git@|ssh:|git\+ssh:)/.test(r.to));
  return { host: named ?? x.module?.split("/")[0] ?? "<GIT_HOST>", port: 22, ...(rule ? { rule } : {}) };
}

/** `-p PORT` for ssh, `-p PORT` for ssh-keyscan, `[HOST]:PORT` for known_hosts: nothing extra on port 22. */
const sshPortFlag = (port: number) => (port === 22 ? "" : ` -p ${port}`);
const knownHostsName = (host: string, port: number) => (port === 22 ? host : `'[${host}]:${port}'`);
const sshWhere = (host: string, port: number) => (port === 22 ? host : `${host} port ${port}`);

/** The lines worth quoting, each once (the probe's ssh lines repeat go's). */
function quoted(texts: { text: string }[], keep: RegExp): string[] {
  return [...new Set(texts.flatMap((x) => x.text.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => keep.test(l))))];
}

/** Modules of the failing fetches: go's and the probe's, once (the parser reads ssh's `git@HOST:` as no module). */
function sshModules(texts: { module?: string }[]): string[] {
  return [...new Set(texts.flatMap((x) => (x.module ? [x.module] : [])))];
}

function sshFailures(e: Evidence): Finding[] {
  const out: Finding[] = [];
  const texts = errorTexts(e);
  const publickey = texts.filter((x) => /Permission denied \(publickey/.test(x.text));
  if (publickey.length > 0) {
    const { host, port, rule } = sshTarget(e, publickey[0]!);
    out.push(
      makeFinding(SSH_AUTH, {
        title: `ssh to ${sshWhere(host, port)} refused the key (Permission denied (publickey))`,
        severity: failingSeverity(e),
        confidence: 0.9,
        why: `git fetched over ssh and ${sshWhere(host, port)} accepted none of the offered keys.${rule ? ` git goes there over ssh because url."${rule.to}".insteadOf "${rule.from}" rewrites the repository URL.` : ""}`,
        evidence: [...quoted(publickey, /publickey|^go: |^fatal: clone of /), ...(rule ? [`git rewrites ${rule.from} to ${rule.to} (url.insteadOf)`] : [])].slice(0, 4),
        modules: sshModules(publickey),
        fixes: [
          { summary: "Load your key and check that the host accepts it", commands: ["ssh-add -l || ssh-add ~/.ssh/id_ed25519", `ssh -T${sshPortFlag(port)} git@${host}`] },
          {
            summary: "Or fetch over https with a token instead of ssh",
            commands: [`git config --global --get-regexp 'url\\..*\\.insteadof'`, ...(rule ? [`git config --global --unset url."${rule.to}".insteadOf`] : [])],
            caution: "Remove the insteadOf rule that rewrites https to ssh only if you want https for this host.",
          },
        ],
      }),
    );
  }
  const hostKey = texts.filter((x) => /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(x.text));
  if (hostKey.length > 0) {
    const { host, port, rule } = sshTarget(e, hostKey[0]!);
    const changed = hostKey.some((x) => /IDENTIFICATION HAS CHANGED/.test(x.text));
    out.push(
      makeFinding(SSH_HOST_KEY, {
        title: changed ? `The ssh host key of ${sshWhere(host, port)} has changed` : `ssh does not know the host key of ${sshWhere(host, port)}`,
        severity: failingSeverity(e),
        confidence: 0.9,
        why:
          (changed ? "The host presents a different key than known_hosts records: a re-keyed server or an interception." : "ssh runs in batch mode and refuses hosts missing from known_hosts.") +
          (rule ? ` git goes to ${sshWhere(host, port)} over ssh because url."${rule.to}".insteadOf "${rule.from}" rewrites the repository URL.` : ""),
        evidence: [...quoted(hostKey, /Host key|IDENTIFICATION|^go: /), ...(rule ? [`git rewrites ${rule.from} to ${rule.to} (url.insteadOf)`] : [])].slice(0, 4),
        modules: sshModules(hostKey),
        fixes: [
          {
            summary: `Add ${sshWhere(host, port)}'s host key after checking its fingerprint`,
            commands: [...(changed ? [`ssh-keygen -R ${knownHostsName(host, port)}`] : []), `ssh-keyscan${sshPortFlag(port)} -t ed25519 ${host} | tee -a ~/.ssh/known_hosts | ssh-keygen -lf -`],
            caution: "Compare the printed fingerprint with the one the host publishes before trusting it.",
          },
        ],
      }),
    );
  }
  return out;
}


export const vcsFamily: RuleFamily = {
  family: "vcs",
  causes: [AUTH_FAILED, GIT_PROMPT, SSH_AUTH, SSH_HOST_KEY, GO_IMPORT],
  evaluate(e) {
    return [...prompts(e), ...authFailed(e), ...bitbucketScmLookup(e), ...gitlabSubgroup(e), ...sshFailures(e), ...goImport(e)];
  },
};
