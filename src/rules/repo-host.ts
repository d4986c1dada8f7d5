// GMD309: the repository of a module fetched directly (GOPROXY=direct, or a
// module in GOPRIVATE/GONOPROXY) cannot be reached: git's connection to its
// host fails (no name, refused, silence, cut) or the host answers with a
// server error. A proxy's own failures are network.ts's; credentials, prompts
// and ssh keys are vcs.ts's; a go-import page that fails is GMD306.
import type { Finding, Fix, Suspect } from "../report/schema.js";
import { formatBytes, formatMs } from "../util/format.js";
import { matchPrefixPatterns } from "../context/patterns.js";
import { PROBE_CODES } from "../probes/net/errors.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import { classifyNetText, hostOf } from "./net-text.js";
import { repositoryUrl } from "./repo-url.js";
import { hostLooksPrivate, localLines, moduleHost } from "./hosts.js";
import { observe, uniqueModules, type Observation } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { forOs, lookupCommand } from "./dns-commands.js";

export const REPO_UNREACHABLE: CauseInfo = {
  code: "GMD309",
  name: "repo-unreachable",
  title: "The repository of a directly fetched module cannot be reached",
  explain:
    "In direct mode (GOPROXY=direct, or a module matched by GOPRIVATE/GONOPROXY) the go command runs git against the module's repository, " +
    "and git's connection to that host fails: its name does not resolve, the connection is refused or never answered, or the server " +
    "answers with an error, or a fetch stops sending mid-transfer (git over http waits without a deadline). A host on a private network (reached only over a VPN, or not from a CI runner or container) is the usual reason; " +
    "a public module can instead come through the module proxy.",
};

const FAILURES = new Set(["dns", "refused", "timeout", "unreachable", "reset", "eof"]);
/** git over http reports the server's status itself: `The requested URL returned error: 502` (older git: `HTTP code = 502`). */
const GIT_STATUS = /returned error: (5\d\d)|HTTP code = (5\d\d)/;
/**
 * Older git's wording (1.8 on CentOS/RHEL 7; later releases say `RPC failed; HTTP 404 curl 22 ...`) for a
 * smart-HTTP request the host answered with a client error: GitLab answers git 1.8 404 or 422 for a
 * repository URL without `.git`, GitHub 400 over plain http. Not 401/403: those are credentials (vcs.ts).
 */
const OLD_GIT_RPC = /RPC failed; result=\d+, HTTP code = (400|404|405|406|411|422)\b/;
/** A git server's `remote:` line saying it could not reach its own upstream (gopkg.in: `Cannot obtain refs from GitHub: cannot talk to GitHub`). */
const REMOTE_UPSTREAM_FAILED = /^\s*remote: .*(?:cannot (?:talk to|reach|connect to|obtain refs)|unable to (?:reach|connect))/im;

/**
 * This machine's git failing because of the repository's host or the git
 * client, not a missing version (go wraps any git failure as `invalid
 * version:`): the host's server error, its `remote:` line saying it cannot
 * reach its upstream, an old git the host refuses, or git's connection to the
 * host failing (`Failed to connect to github.com port 443: Operation timed out`,
 * `Could not resolve host`). The failing line, or undefined.
 */
export function gitHostFailure(localText: string): string | undefined {
  const m = GIT_STATUS.exec(localText) ?? OLD_GIT_RPC.exec(localText) ?? REMOTE_UPSTREAM_FAILED.exec(localText);
  const lines = localText.split("\n");
  if (m) return lines.find((l) => l.includes(m[0].trim()))?.trim();
  return lines.find((l) => FAILURES.has(classifyNetText(l)?.failure ?? ""))?.trim();
}

const WORDS: Record<string, string> = {
  dns: "its name does not resolve",
  refused: "connections are refused",
  timeout: "connections get no answer",
  unreachable: "there is no route to it",
  reset: "connections are cut",
  eof: "connections are cut",
};

/** The same failures, said of git's ssh connection to a port. */
const SSH_WORDS: Record<string, (port: number) => string> = {
  refused: (port) => `ssh connections to port ${port} are refused`,
  timeout: (port) => `ssh connections to port ${port} get no answer`,
  unreachable: (port) => `there is no route to it (ssh, port ${port})`,
};

/** The insteadOf rule that sends git to ssh at `host`: the vcs probe's, or any rule whose target names the host. */
function sshRewriteTo(e: Evidence, host: string): { from: string; to: string } | undefined {
  const vcs = probed(e, "vcs");
  const named = vcs.map((p) => p.facts.ssh).find((s) => s?.rule && s.banner.host === host)?.rule;
  const pattern = new RegExp(`^(?:ssh://|git\\+ssh://|ssh\\+git://)?(?:[^@/]+@)?\\[?${host.replace(/[.]/g, "\\.")}\\]?[:/]`);
  return named ?? vcs.flatMap((p) => p.facts.insteadOf ?? []).find((r) => pattern.test(r.to));
}

function serverStatus(o: Observation): number | undefined {
  if (o.status !== undefined && o.status >= 500) return o.status;
  const m = GIT_STATUS.exec([o.text, ...o.details].join("\n"));
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/**
 * An https request to a GOINSECURE host that failed, where go then got an
 * answer from the same host over http: go fell back, and that failure did not
 * stop it.
 */
function recoveredOverHttp(e: Evidence, o: Observation): boolean {
  // Only go's own requests (`# get`) fall back; git's failure in an error (`unable to access 'https://...'`) is final.
  if (o.source !== "trace" || !o.text.startsWith("# get ") || !o.url.startsWith("https://")) return false;
  const host = hostOf(o.url);
  if (!host || (e.ctx && !matchPrefixPatterns(e.ctx.env.GOINSECURE ?? "", host))) return false;
  return (e.trace?.requests ?? []).some((r) => r.url.startsWith(`http://${host}/`) && r.status !== undefined && r.status < 400);
}

/** The vcs probe's own reading of a host (its go-import page, git ls-remote) where it failed: the host's evidence beside the module's request. */
function hostProbeLines(e: Evidence, host: string): string[] {
  return probed(e, "vcs")
    .filter((p) => p.facts.host === host)
    .flatMap((p) => {
      const page = p.facts.goImport;
      const ls = p.facts.lsRemote;
      return [
        ...(page && !page.ok ? [`probe ${p.result.id}: ${page.url}: ${page.status ?? page.code ?? "failed"}${page.message ? ` ${page.message}` : ""}`] : []),
        ...(ls && !ls.ok ? [`probe ${p.result.id}: git ls-remote ${ls.repo}: ${ls.kind ?? ls.code ?? "failed"}${ls.message ? ` ${ls.message}` : ""}`] : []),
      ];
    });
}

function findings(e: Evidence): Finding[] {
  const obs = observe(e).filter(
    (o) =>
      o.role === "vcs" &&
      o.host !== "" &&
      !o.viaHttpProxy &&
      !/[?&]go-get=1/.test(o.url) &&
      ((o.failure !== undefined && FAILURES.has(o.failure)) || serverStatus(o) !== undefined) &&
      !recoveredOverHttp(e, o),
  );
  const hosts = [...new Set(obs.map((o) => o.host))].sort();
  return hosts.map((host) => {
    const mine = obs.filter((o) => o.host === host);
    if (host.includes(":") && mine.every((o) => o.failure === "dns")) return malformedAddress(e, host, mine);
    const status = mine.map(serverStatus).find((s) => s !== undefined);
    const failure = mine.find((o) => o.failure !== undefined)?.failure;
    // ssh names the port it tried (22 unless a URL or ~/.ssh/config says otherwise), and the vcs probe the rewrite that sent git there.
    const sshPort = sshConnectPort(mine.flatMap((o) => [o.text, ...o.details]).join("\n"));
    const viaSsh = sshPort !== undefined;
    const sshRule = viaSsh ? sshRewriteTo(e, host) : undefined;
    const what =
      status !== undefined
        ? `it answers with a server error (${status})`
        : (sshPort !== undefined ? SSH_WORDS[failure ?? ""]?.(sshPort) : undefined) ?? WORDS[failure ?? ""] ?? "the connection fails";
    const modules = uniqueModules(mine);
    const repo = mine[0]!.url;
    // git's own connection (connect.c) is the git:// protocol: a url.insteadOf rewrite sends it there more often than a go-import tag.
    const viaGitProtocol = mine.some((o) => /errno=|unable to (?:connect to|look up) /.test([o.text, ...o.details].join("\n")));
    // The host's own words that it could not reach its upstream (a redirector such as gopkg.in).
    const upstream = mine.flatMap((o) => o.details).find((d) => REMOTE_UPSTREAM_FAILED.test(d));
    const privateHost = hostLooksPrivate(host);
    // git connected and the pack transfer stopped mid-way (`fatal: early EOF`): not a host that cannot be reached at all.
    const cut = status === undefined && (failure === "eof" || failure === "reset");
    // ssh's own `Connection refused`: the host answered, and nothing takes ssh on that port (not a network the machine is outside of).
    const sshRefused = status === undefined && sshPort !== undefined && failure === "refused";
    return makeFinding(REPO_UNREACHABLE, {
      title:
        status !== undefined
          ? `The repository host ${host} answers with a server error (${status})`
          : cut
            ? `git's transfers from the repository host ${host} are cut mid-way`
            : `The repository host ${host} cannot be reached: ${what}`,
      severity: failingSeverity(e),
      confidence: 0.8,
      why:
        `The go command fetches ${modules.length > 0 ? modules.slice(0, 3).join(", ") : "the module"} straight from ${host} with git` +
        (sshRule ? ` (over ssh: the rule url."${sshRule.to}".insteadOf "${sshRule.from}" sends git there)` : "") +
        `, and ${what}. ` +
        (status !== undefined
          ? upstream
            ? `The host is up, and says it cannot reach its own upstream ("${upstream.replace(/^remote:\s*/, "").split(/: (?:Get|Post|dial|read|write) /)[0]}"): a fault on its side.`
            : "The host is up but its git service fails: a fault on its side."
          : cut
            ? "git reached the host and the transfer stopped before the pack was complete: a flaky network, a proxy, firewall or NAT that cuts long " +
              "transfers, or the host itself; git over http cannot resume, so a large repository suffers most. It is not a missing version, whatever go's wrapping (`invalid version:`, `invalid pseudo-version:`) says."
            : sshRefused
              ? sshRefusedWhy(host, sshPort!, sshRule)
              : privateHost
                ? "A host on a private network: this machine (a CI runner, a container) may be outside it, or need a VPN."
                : "From this network the host cannot be reached: a firewall, a DNS or routing problem, or the host is down."),
      evidence: [
        ...[...new Set(mine.flatMap((o) => [o.text, ...o.details.filter((d) => (/fatal:|error:|ssh:|errno=/.test(d) || d === upstream) && !o.text.includes(d))]))].slice(0, 3),
        ...(sshRule ? [`url."${sshRule.to}".insteadOf "${sshRule.from}" (git config)`] : []),
        ...hostProbeLines(e, host),
      ].slice(0, 5),
      modules,
      fixes: [
        ...(cut
          ? [
              {
                summary: "Retry: a cut transfer is often transient; if it repeats, fetch the repository by hand to see where it stops",
                commands: [`git clone --mirror ${repo || repositoryUrl(e, modules[0] ?? host, mine.flatMap((o) => [o.text, ...o.details]).join("\n"))} "$(mktemp -d)"`],
              },
            ]
          : []),
        forOs(
          {
            summary: `Try the repository from here, outside the go command`,
            commands: [`git ls-remote ${repo || repositoryUrl(e, modules[0] ?? host, mine.flatMap((o) => [o.text, ...o.details]).join("\n"))}`, ...(failure === "dns" ? [lookupCommand(host, e.os)] : [])],
          },
          failure === "dns" ? e.os : undefined,
        ),
        // git went over ssh (a url.insteadOf rewrite, or an ssh remote): that port is what fails.
        ...(viaSsh ? [sshFix(host, sshPort ?? 22, sshRule, sshRefused)] : []),
        ...(viaGitProtocol
          ? [
              {
                summary: `git reaches ${host} over the git:// protocol here: find the rewrite (or the go-import tag) that sends git there`,
                commands: ["git config --show-origin --get-regexp '^url\\.'"],
                caution: "git:// has no authentication or encryption and most hosts no longer serve it: remove the insteadOf rule so git uses the repository's https URL.",
              },
            ]
          : []),
        ...(privateHost
          ? []
          : [
              {
                summary: `If the module is public, fetch it through the module proxy instead of from ${host}`,
                commands: ["go env GOPROXY GOPRIVATE GONOPROXY", `GOPROXY=https://proxy.golang.org,direct go mod download`],
                caution: "A one-off variable helps this command only; remove the host from GOPRIVATE/GONOPROXY if it was put there by mistake.",
              },
            ]),
      ],
    });
  });
}

/** The port of ssh's own connection failure (`ssh: connect to host H port P: ...`; 22 when the line names none), or undefined when ssh did not fail to connect. */
function sshConnectPort(text: string): number | undefined {
  if (!/ssh: connect to host/.test(text)) return undefined;
  return Number(/ssh: connect to host \S+ port (\d+)/.exec(text)?.[1] ?? 22);
}

/** Why ssh's connection is refused: nothing takes ssh on that port, and what sent git there. */
function sshRefusedWhy(host: string, port: number, rule: { from: string; to: string } | undefined): string {
  return (
    `${host} answered and turned the ssh connection down: no ssh server listens on port ${port} there (the host serves ssh on another port, or not at all), ` +
    "or a firewall on the way rejects that port. " +
    (rule
      ? `The rewrite decides where git goes: check that url."${rule.to}" names the host and port that serve ssh, or remove the rule so git uses https.`
      : "Check the ssh address git uses (an ssh:// go-import tag, a url.insteadOf rule, a Port in ~/.ssh/config).")
  );
}

/** Check ssh to the host and port git used, and the rewrite that sent it there. */
function sshFix(host: string, port: number, rule: { from: string; to: string } | undefined, refused: boolean): Fix {
  return {
    summary: refused
      ? `Nothing takes ssh at ${host} port ${port}: check ssh there, and the rewrite that sends git to that host and port`
      : `git reaches ${host} over ssh here: check ssh to it, and the rewrite that sends git there`,
    commands: [
      `ssh -T -o ConnectTimeout=10${port !== 22 ? ` -p ${port}` : ""} git@${host}`,
      "git config --show-origin --get-regexp '^url\\.'",
      ...(rule ? [`git config --global --unset url."${rule.to}".insteadOf`] : []),
    ],
    caution: "If the host serves git over https too, removing the insteadOf rule lets the go command use https (with a token in ~/.netrc).",
  };
}

/**
 * ssh looked up "github.com:owner" as a host name: git was handed
 * `ssh://git@github.com:owner/repo`, the scp form's `host:path` inside an
 * ssh:// URL (usually a url.insteadOf rewrite). Not the network's fault.
 */
function malformedAddress(e: Evidence, name: string, mine: Observation[]): Finding {
  const host = name.split(":")[0]!;
  return makeFinding(REPO_UNREACHABLE, {
    title: `git was given a malformed repository address: "${name}" is not a host name`,
    severity: failingSeverity(e),
    confidence: 0.8,
    why:
      `ssh looked up "${name}" as a host name, so the address git was handed mixes the two ssh forms: ` +
      `ssh://git@${host}:OWNER/REPO (a host:path inside an ssh:// URL) instead of ssh://git@${host}/OWNER/REPO or git@${host}:OWNER/REPO. ` +
      "A url.<base>.insteadOf rewrite in the git config is the usual source; the network is not at fault.",
    evidence: [...new Set(mine.flatMap((o) => [o.text, ...o.details.filter((d) => /fatal:|ssh:/.test(d) && !o.text.includes(d))]))].slice(0, 4),
    modules: uniqueModules(mine),
    fixes: [
      { summary: "Find the rewrite in the git config", commands: ["git config --show-origin --get-regexp '^url\\.'"] },
      {
        summary: "Write ssh:// rewrites with a slash after the host",
        commands: [`git config --global url."ssh://git@${host}/".insteadOf "https://${host}/"`],
        caution: "Remove the broken rule first (git config --global --unset url.<base>.insteadOf), or both apply.",
      },
    ],
  });
}

/**
 * A git fetch that stopped: its pack was arriving (bytes in the module
 * cache's vcs folder) and then nothing came. git over http has no read
 * deadline. A prompt is GMD303's.
 */
function stalledFetches(e: Evidence): Finding[] {
  if ((e.promptWaiters ?? []).length > 0) return [];
  // Without bytes, a silent git may wait on a credential helper as well as on the host: that stays unexplained (GMD901).
  const stalls = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "vcs" && s.repo && (s.bytes ?? 0) > 0);
  return stalls.slice(0, 2).map((s) => {
    const repo = s.repo!;
    const host = hostOf(repo) ?? repo;
    const bytes = s.bytes ?? 0;
    const http = /^https?:\/\//.test(repo);
    const target = s.module ? `${s.module}${s.version ? `@${s.version}` : ""}` : moduleOfRepo(e, repo);
    return makeFinding(REPO_UNREACHABLE, {
      title: `git's fetch from ${repo} stopped after ${formatBytes(bytes)}`,
      severity: "blocker",
      confidence: 0.8,
      why:
        `git was receiving ${repo}'s objects (${formatBytes(bytes)} so far) and then nothing came for ${formatMs(s.idleMs)}: ` +
        `${host} or something on the path (a proxy, a firewall, a VPN) stopped sending, and git waits without a deadline.`,
      evidence: [`${s.command ?? "git"} (${repo}): ${formatBytes(bytes)} received, then idle ${formatMs(s.idleMs)}`],
      ...(s.module ? { modules: [s.module] } : {}),
      fixes: [
        {
          summary: "End the run and retry: a new connection usually completes the fetch (go starts the fetch again in the same vcs cache folder)",
          commands: [`go mod download -x${target ? ` ${target}` : ""}`],
        },
        // ls-remote fetches no pack: a clone is what shows where the transfer stops.
        { summary: "Fetch the repository by hand with git's own trace, to see where it stops", commands: [`${http ? "GIT_TRACE_PACKET=1 GIT_CURL_VERBOSE=1" : "GIT_TRACE_PACKET=1"} git clone --bare ${repo} /tmp/repo-check`] },
        // git (and ssh) wait for ever on a silent transfer; these make it fail instead, so CI retries rather than hangs.
        http
          ? {
              summary: "So that a stalled git transfer fails instead of hanging (CI): make git give up below 1 KiB/s for 60 s",
              commands: ["git config --global http.lowSpeedLimit 1000", "git config --global http.lowSpeedTime 60"],
            }
          : {
              summary: `So that a stalled ssh transfer fails instead of hanging (CI): keepalives for ${host} in ~/.ssh/config (the go command sets GIT_SSH_COMMAND itself, so git's core.sshCommand would be ignored)`,
              commands: [`printf 'Host ${host}\\n  ServerAliveInterval 15\\n  ServerAliveCountMax 4\\n' >> ~/.ssh/config`],
            },
        ...(hostLooksPrivate(host)
          ? []
          : [{ summary: "If the module is public, fetch it through the module proxy instead", commands: ["GOPROXY=https://proxy.golang.org,direct go mod download"] }]),
      ],
    });
  });
}

/**
 * The required module (MOD@VERSION) whose repository is `repo`: the vcs probe's go-import tag
 * names the repository for a prefix, or the repository is the module path itself (github.com/x/y).
 */
function moduleOfRepo(e: Evidence, repo: string): string | undefined {
  const required = e.ctx?.mod?.require ?? [];
  const tags = probed(e, "vcs").flatMap((p) => (p.facts.goImport?.meta && sameRepo(p.facts.goImport.meta.repo, repo) ? [p.facts.goImport.meta.prefix] : []));
  const hit = required.find((r) => tags.some((t) => r.path === t || r.path.startsWith(`${t}/`)) || sameRepo(`https://${r.path}`, repo));
  return hit ? `${hit.path}@${hit.version}` : undefined;
}

/** The same repository, whatever scheme or `.git` suffix each side printed. */
function sameRepo(a: string, b: string): boolean {
  const key = (u: string) => u.replace(/^[a-z+]+:\/\//, "").replace(/\.git\/?$|\/$/, "");
  return key(a) === key(b);
}

/**
 * git silent with nothing received, and the vcs probe's own `git ls-remote`
 * says why: it hung too (the host does not answer git), or it got the refs
 * while go's fetch got no pack (the host stops after advertising them).
 * Without the probe a silent git may as well wait on a credential helper: GMD901.
 */
function silentRepos(e: Evidence): Finding[] {
  if ((e.promptWaiters ?? []).length > 0) return [];
  const stalls = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "vcs" && s.repo && (s.bytes ?? 0) === 0);
  const probes = probed(e, "vcs").filter((p) => p.facts.lsRemote);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const p of probes) {
    const ls = p.facts.lsRemote!;
    const stall = stalls.find((s) => sameRepo(s.repo!, ls.repo));
    const hung = ls.kind === "timeout" && ls.code === PROBE_CODES.timeout;
    const noPack = ls.ok && stall !== undefined && /\bfetch\b/.test(stall.command ?? "");
    // The probe's git went to ssh and ssh's own connection was refused: the same words as a go error saying so (findings above).
    const refusedPort = stall !== undefined && ls.kind === "refused" ? sshConnectPort(ls.stderr ?? ls.message ?? "") : undefined;
    if (!(hung || noPack || refusedPort !== undefined)) continue;
    const host = hostOf(ls.repo) ?? p.facts.host;
    if (seen.has(host)) continue;
    seen.add(host);
    const modules = stall?.module ? [stall.module] : p.facts.modules;
    if (refusedPort !== undefined) {
      out.push(sshRefusedAfterStall(e, p.facts.ssh?.banner.host ?? host, refusedPort, stall!, p.result.id, ls, modules));
      continue;
    }
    out.push(
      makeFinding(REPO_UNREACHABLE, {
        title: hung ? `The repository host ${host} does not answer git` : `${host} lists the refs of ${ls.repo} but sends no pack`,
        severity: "blocker",
        confidence: stall ? 0.85 : 0.7,
        why: hung
          ? `${stall ? `go's ${stall.command ?? "git"} got nothing from ${stall.repo} for ${formatMs(stall.idleMs)}, and ` : ""}the probe's own \`git ls-remote ${ls.repo}\` got no answer ` +
            `in ${formatMs(ls.ms)} either: connections to ${host} are accepted or dropped and nothing comes back (a firewall dropping packets, a hung git service, ` +
            "a proxy that holds the connection). " +
            (p.facts.ssh
              ? "git goes there over ssh, which the go command runs with BatchMode but no ConnectTimeout: ssh waits on dropped packets until the system's TCP connect timeout (minutes), and for ever on a server that accepts and says nothing."
              : "git over http waits without a deadline.")
          : `The probe's \`git ls-remote ${ls.repo}\` got the refs, so ${host} answers; go's ${stall!.command ?? "git fetch"} then received nothing for ${formatMs(stall!.idleMs)}: ` +
            "the host (or a proxy in front of it) stops after advertising the refs and never sends the pack.",
        evidence: [
          ...(stall ? [`${stall.command ?? "git"} (${stall.repo}): nothing received, idle ${formatMs(stall.idleMs)}`] : []),
          `probe ${p.result.id}: git ls-remote ${ls.repo}: ${ls.ok ? "ok (refs listed)" : ls.message ?? "no answer"}`,
        ],
        modules,
        fixes: [
          { summary: "Run git by hand with its trace, to see which request gets no answer", commands: [`GIT_TRACE_PACKET=1 GIT_CURL_VERBOSE=1 git ls-remote ${ls.repo}`, `git clone --bare ${ls.repo} /tmp/repo-check`] },
          ...(hostLooksPrivate(host)
            ? []
            : [{ summary: "If the module is public, fetch it through the module proxy instead", commands: ["GOPROXY=https://proxy.golang.org,direct go mod download"] }]),
        ],
      }),
    );
  }
  return out;
}

/**
 * go's git silent, and the probe's own git, moments later, refused by ssh at the port it was sent to:
 * the host answers and nothing takes ssh there. Said as the error-based finding says it.
 */
function sshRefusedAfterStall(
  e: Evidence,
  host: string,
  port: number,
  stall: Suspect,
  probeId: string,
  ls: { repo: string; stderr?: string; message?: string },
  modules: string[],
): Finding {
  const rule = sshRewriteTo(e, host);
  const refusal = (ls.stderr ?? ls.message ?? "").split("\n").find((l) => /ssh: connect to host/.test(l))?.trim();
  return makeFinding(REPO_UNREACHABLE, {
    title: `The repository host ${host} cannot be reached: ${SSH_WORDS.refused!(port)}`,
    severity: "blocker",
    confidence: 0.8,
    why:
      `go's ${stall.command ?? "git"} got nothing from ${stall.repo} for ${formatMs(stall.idleMs)}, and the probe's own \`git ls-remote ${ls.repo}\` went to ssh` +
      (rule ? ` (the rule url."${rule.to}".insteadOf "${rule.from}" sends git there)` : "") +
      ` and was refused at once. ${sshRefusedWhy(host, port, rule)}`,
    evidence: [
      `${stall.command ?? "git"} (${stall.repo}): nothing received, idle ${formatMs(stall.idleMs)}`,
      `probe ${probeId}: git ls-remote ${ls.repo}: ${refusal ?? "Connection refused"}`,
      ...(rule ? [`url."${rule.to}".insteadOf "${rule.from}" (git config)`] : []),
    ],
    modules,
    fixes: [sshFix(host, port, rule, true)],
  });
}

/**
 * `RPC failed; result=22, HTTP code = 404` from git itself: the host refuses
 * this old git's requests. The error names no URL (a vanity path's repository
 * may be anywhere), so the finding is per module.
 */
function oldGitRefused(e: Evidence): Finding[] {
  const hits = (e.trace?.errors ?? []).flatMap((x) => {
    const local = localLines(x.message, x.details).join("\n");
    const m = OLD_GIT_RPC.exec(local);
    return m && x.module ? [{ module: x.module, status: m[1]!, lines: local.split("\n").map((l) => l.trim()).filter((l) => /^go: |RPC failed|fatal:/.test(l)) }] : [];
  });
  if (hits.length === 0) return [];
  const modules = [...new Set(hits.map((h) => h.module))].sort();
  const status = hits[0]!.status;
  const publicOnes = modules.filter((m) => !hostLooksPrivate(moduleHost(m)));
  return [
    makeFinding(REPO_UNREACHABLE, {
      title: `The repository of ${modules.slice(0, 2).join(", ")}${modules.length > 2 ? ", ..." : ""} refuses this old git (RPC failed; HTTP code = ${status})`,
      severity: failingSeverity(e),
      confidence: 0.8,
      why:
        "git's `RPC failed; result=N, HTTP code = " + status + "` is the wording of an old git (1.8, as CentOS/RHEL 7 ship): the host answered its " +
        "smart-HTTP request with a client error. GitLab answers git 1.8 that way for a repository URL without `.git` (the URL a go-import tag gives), " +
        "GitHub for plain http. The module exists; this git client is too old for the host.",
      evidence: [...new Set(hits.flatMap((h) => h.lines))].slice(0, 4),
      modules,
      fixes: [
        {
          summary: "Upgrade git on this machine (or in the build image) to a 2.x release",
          commands: ["git --version"],
          caution: "CentOS/RHEL 7's own git stays at 1.8.3: take git 2.x from another repository (IUS, Software Collections) or a newer base image.",
        },
        ...(publicOnes.length > 0
          ? [
              {
                summary: "Or let the module proxy serve these public modules: it needs no git here",
                commands: ["go env GOPROXY GOPRIVATE GONOPROXY", "GOPROXY=https://proxy.golang.org,direct go mod download"],
                caution: "A one-off variable helps this command only; set GOPROXY where the build sets it (often GOPROXY=direct in a Dockerfile or CI file).",
              },
            ]
          : []),
      ],
    }),
  ];
}

/** Hosts that serve git at the module path itself (a `.git` path there is a repository, not a vanity name). */
const CODE_HOSTS = /^(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org|git\.sr\.ht|dev\.azure\.com)$/;

/** An insteadOf target that puts scp's `host:path` inside an ssh:// URL (`ssh://git@host:owner/`): ssh then looks up "host:owner". */
const MALFORMED_SSH_URL = /^ssh:\/\/(?:[^@/]+@)?([^/:]+):(?!\d+(?:\/|$))/;

/**
 * `MOD@VER: no secure protocol found for repository`: the module path names
 * its repository (`host/owner/repo.git`), go tried git over https, git+ssh
 * and ssh, each failed, and go shows none of git's errors.
 */
function noSecureProtocol(e: Evidence): Finding[] {
  const hits = (e.trace?.errors ?? []).filter((x) => x.module && /no secure protocol found for repository/.test(x.message));
  if (hits.length === 0) return [];
  const module = hits[0]!.module!;
  const host = module.split("/")[0]!;
  const rewrites = probed(e, "vcs").flatMap((p) => p.facts.insteadOf ?? []);
  const malformed = rewrites.find((r) => MALFORMED_SSH_URL.test(r.to) && MALFORMED_SSH_URL.exec(r.to)![1] === host);
  // A `.git` in the path makes go skip the host's go-import tag; a vanity host (not a code host) serves no git at that path.
  const withoutGit = module.replace(/\.git(?=\/|$)/, "");
  const dotGitFix =
    !malformed && withoutGit !== module
      ? {
          summary: `If the module's own path is ${withoutGit} (its go.mod's module line, or ${host}'s go-import tag), require that instead: a path ending in .git skips the go-import lookup and asks ${host} for git itself`,
          commands: [`curl -sS 'https://${withoutGit}?go-get=1' | grep go-import`, `go list -m -versions ${withoutGit}`],
        }
      : undefined;
  const dotGitFirst = dotGitFix !== undefined && !CODE_HOSTS.test(host);
  return [
    makeFinding(REPO_UNREACHABLE, {
      title: malformed
        ? `git was given a malformed repository address for ${module}: the insteadOf rule rewrites to ${malformed.to}`
        : `git could not reach ${module} over https or ssh (the go command hides git's own error)`,
      severity: failingSeverity(e),
      confidence: malformed ? 0.85 : 0.7,
      why:
        `The module path names its repository (${module}), so the go command runs git against it directly, trying https, git+ssh and ssh in turn; every attempt failed, ` +
        "and go prints only `no secure protocol found`. " +
        (malformed
          ? `The rule url."${malformed.to}".insteadOf "${malformed.from}" puts scp's host:path form inside an ssh:// URL, so ssh looks up "${MALFORMED_SSH_URL.exec(malformed.to)![1]}:..." as a host name.`
          : "git's own message, from running it by hand, says why: no network path, no credentials, or a rewrite that sends it elsewhere."),
      evidence: [...hits.map((x) => x.message), ...(malformed ? [`url."${malformed.to}".insteadOf "${malformed.from}" (git config)`] : [])].slice(0, 4),
      modules: [...new Set(hits.map((x) => x.module!))],
      fixes: [
        ...(dotGitFirst ? [dotGitFix!] : []),
        { summary: "Run git by hand to see its own error", commands: [`git ls-remote https://${module}`, `git ls-remote ssh://git@${module}`] },
        ...(dotGitFix && !dotGitFirst ? [dotGitFix] : []),
        {
          summary: malformed ? `Write the rewrite with a slash after the host: ssh://git@${host}/OWNER/` : "Check the url.insteadOf rules that send git elsewhere",
          commands: ["git config --show-origin --get-regexp '^url\\.'", ...(malformed ? [`git config --global url."ssh://git@${host}/".insteadOf "https://${host}/"`] : [])],
          ...(malformed ? { caution: "Remove the broken rule first (git config --global --unset url.<base>.insteadOf), or both apply." } : {}),
        },
      ],
    }),
  ];
}

export const repoHostFamily: RuleFamily = {
  family: "repo-host",
  causes: [REPO_UNREACHABLE],
  evaluate: (e) => [...findings(e), ...stalledFetches(e), ...silentRepos(e), ...noSecureProtocol(e), ...oldGitRefused(e)],
};
