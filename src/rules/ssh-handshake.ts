// GMD321: git's ssh reaches the repository's ssh port, and the ssh handshake
// never starts: the server closes or resets the connection before its
// banner, stays silent (ssh then waits for ever: the go command sets
// BatchMode, not ConnectTimeout), sends its banner and then nothing, or
// is not an ssh server. Usually a url.insteadOf rule sent git to ssh. A
// refused or unanswered connect is GMD309 (repo-host.ts); keys and host
// keys are vcs.ts's.
import type { Finding, Fix } from "../report/schema.js";
import type { SshBannerFacts, VcsFacts } from "../probes/types.js";
import { PROBE_CODES } from "../probes/net/errors.js";
import { formatMs } from "../util/format.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import { localLines } from "./hosts.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const SSH_HANDSHAKE: CauseInfo = {
  code: "GMD321",
  name: "ssh-handshake",
  title: "git's ssh connection reaches the repository's ssh port, but no ssh server answers there",
  explain:
    "A directly fetched module's repository is reached over ssh (an ssh:// go-import tag, or, far more often, a url.<base>.insteadOf rule " +
    "that rewrites https://HOST/ to ssh://git@HOST/ or git@HOST:), and the TCP connection is accepted but the ssh handshake never starts: " +
    "the server closes or resets it before sending its identification (`kex_exchange_identification: Connection closed by remote host`: " +
    "an sshd refusing connections (MaxStartups, a ban list such as fail2ban), a load balancer with no backend, a firewall that " +
    "accepts and drops), answers with something else (a web server on that port), sends nothing at all, or sends its banner and then nothing. The go command runs ssh with BatchMode " +
    "but no ConnectTimeout, so a silent server hangs the download for ever. Check with `ssh -vT`, set ConnectTimeout and ServerAliveInterval " +
    "for the host in ~/.ssh/config so it fails instead of hanging, use the host's ssh-over-443 endpoint where port 22 is filtered, or remove the insteadOf rule to use https.",
};

/** ssh's own words for a handshake that never started, and the endpoint it names (ssh's lines end in \r\n). */
export interface SshHandshakeFailure {
  what: "closed" | "reset" | "banner-timeout" | "not-ssh";
  line: string;
  host?: string;
  port?: number;
}

/** The handshake failure ssh printed in `text`, or undefined. */
export function sshHandshakeFailure(text: string): SshHandshakeFailure | undefined {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, "").trim());
  // Alone, `Connection closed/reset by H port P` is how ssh ends when the server cut it before ssh read a word
  // (`UNKNOWN port -1` when that came before ssh knew the peer's address); after a key or algorithm refusal it is only the epilogue.
  const refusedLater = lines.some((l) => /Permission denied|Host key verification failed|Unable to negotiate|REMOTE HOST IDENTIFICATION HAS CHANGED|Too many authentication failures/i.test(l));
  const kex =
    lines.find((l) => /^kex_exchange_identification: /.test(l) || /^Connection timed out during banner exchange/.test(l)) ??
    (refusedLater ? undefined : lines.find((l) => /^Connection (?:closed|reset) by \S+ port -?\d+$/.test(l)));
  if (!kex) return undefined;
  const what: SshHandshakeFailure["what"] = /reset by/i.test(kex)
    ? "reset"
    : /banner exchange/.test(kex)
      ? "banner-timeout"
      : /banner line contains invalid characters|invalid format|banner line too long/i.test(kex)
        ? "not-ssh"
        : "closed";
  // `Connection closed by H port P`, `Connection reset by H port P`, `Connection to H port P timed out`.
  const at = lines.map((l) => /^Connection (?:closed by|reset by|to) (?!UNKNOWN )(\S+) port (\d+)/.exec(l)).find(Boolean);
  return { what, line: kex, ...(at ? { host: at[1]!.replace(/^\[|\]$/g, ""), port: Number(at[2]) } : {}) };
}

const hostPort = (host: string, port: number) => `${host} port ${port}`;

/** The ssh command that shows what ssh sees (`-p` only when the port is not 22). */
function sshCheck(user: string | undefined, host: string, port: number): string {
  return `ssh -vT -o ConnectTimeout=10${port === 22 ? "" : ` -p ${port}`} ${user ?? "git"}@${host}`;
}

/** ssh over port 443, for the hosts that offer it (port 22 filtered on many corporate and hotel networks). */
const OVER_443: Record<string, string> = { "github.com": "ssh.github.com", "gitlab.com": "altssh.gitlab.com" };

export function sshFixes(facts: { user?: string; host: string; port: number; rule?: { from: string; to: string } }): Fix[] {
  const { host, port, rule } = facts;
  const alt = OVER_443[host];
  return [
    { summary: `See what ssh sees at ${hostPort(host, port)} (verbose, with a deadline)`, commands: [sshCheck(facts.user, host, port)] },
    ...(rule
      ? [
          {
            summary: `Or let git use https for ${rule.from}: remove the rewrite that sends it to ${rule.to}`,
            commands: ["git config --show-origin --get-regexp '^url\\.'", `git config --global --unset url."${rule.to}".insteadOf`],
            caution: "--show-origin says which file holds the rule (global, system or the repository's). Over https, git needs a token (~/.netrc) for a private repository.",
          },
        ]
      : []),
    ...(port === 22 && alt
      ? [
          {
            summary: `If this network filters port 22: ${host} serves ssh on ${alt} port 443`,
            commands: [`printf 'Host ${host}\\n  Hostname ${alt}\\n  Port 443\\n' >> ~/.ssh/config`, `ssh -T -p 443 git@${alt}`],
          },
        ]
      : []),
    {
      // go's GIT_SSH_COMMAND sets no timeouts, but ssh still reads ~/.ssh/config.
      summary: `So that a silent ssh server fails instead of hanging (CI): ConnectTimeout (it covers the banner) and keepalives (they cover the key exchange) for ${host} in ~/.ssh/config`,
      commands: [`printf 'Host ${host}\\n  ConnectTimeout 15\\n  ServerAliveInterval 15\\n  ServerAliveCountMax 4\\n' >> ~/.ssh/config`],
    },
  ];
}

type SshFacts = NonNullable<VcsFacts["ssh"]>;

function ruleLine(ssh: SshFacts): string[] {
  return ssh.rule ? [`url."${ssh.rule.to}".insteadOf "${ssh.rule.from}" (git config): git goes to ${ssh.url}`] : [];
}

function via(ssh: SshFacts | undefined): string {
  return ssh?.rule ? `git fetches it over ssh because the rule url."${ssh.rule.to}".insteadOf "${ssh.rule.from}" rewrites the repository URL to ${ssh.url}. ` : "";
}

function bannerLine(id: string, b: SshBannerFacts): string {
  const where = hostPort(b.host, b.port);
  switch (b.outcome) {
    case "banner":
      return `probe ${id}: ${where}: banner "${b.banner}" in ${formatMs(b.ms)}`;
    case "silent":
      return `probe ${id}: ${where}: connected in ${formatMs(b.connectMs ?? 0)}, no ssh banner in ${formatMs(b.ms - (b.connectMs ?? 0))}`;
    default:
      return `probe ${id}: ${where}: ${b.outcome}${b.message ? ` (${b.message})` : ""}`;
  }
}

const userOf = (url: string) => /^(?:[a-z+]+:\/\/)?([^@/:]+)@/.exec(url)?.[1];

/**
 * The vcs probe's read of the ssh endpoint: silent (or silent after its banner) while a git of the
 * go command stalled with nothing received, or, for `probe` (no download), on its own; a server
 * that closed, reset or answered something else where no go error already said so (`seen`).
 */
function probedSsh(e: Evidence, seen: Set<string>): Finding[] {
  if ((e.promptWaiters ?? []).length > 0) return [];
  const stalls = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "vcs" && (s.bytes ?? 0) === 0);
  const out: Finding[] = [];
  for (const p of probed(e, "vcs")) {
    const ssh = p.facts.ssh;
    if (!ssh) continue;
    const b = ssh.banner;
    const where = hostPort(b.host, b.port);
    const fixes = sshFixes({ ...optionalUser(userOf(ssh.url)), host: b.host, port: b.port, ...(ssh.rule ? { rule: ssh.rule } : {}) });
    const lsLine = p.facts.lsRemote && !p.facts.lsRemote.ok ? [`probe ${p.result.id}: git ls-remote ${p.facts.lsRemote.repo}: ${p.facts.lsRemote.message ?? p.facts.lsRemote.kind ?? "failed"}`] : [];
    const cut = b.outcome === "closed" || b.outcome === "reset" || b.outcome === "not-ssh";
    if (cut) {
      if (seen.has(`${b.host}:${b.port}`) || e.outcome === "ok") continue;
      seen.add(`${b.host}:${b.port}`);
      out.push(
        makeFinding(SSH_HANDSHAKE, {
          title:
            b.outcome === "not-ssh"
              ? `ssh to ${where}: the server answers "${b.firstLine ?? "?"}", not ssh`
              : `ssh to ${where}: the server ${b.outcome === "reset" ? "resets" : "closes"} the connection before the ssh banner`,
          severity: failingSeverity(e),
          confidence: 0.75,
          why: `${via(ssh)}The probe connected to ${where} and the server ${b.outcome === "not-ssh" ? "answered something that is not ssh" : `${b.outcome} the connection before sending its identification`}: git's ssh cannot fetch from there. Not a key problem: no key was ever offered.`,
          evidence: [...ruleLine(ssh), bannerLine(p.result.id, b), ...lsLine],
          modules: p.facts.modules,
          fixes,
        }),
      );
      continue;
    }
    // Only a deadline that passed says "silent": a probe the user cut short (ABORT) says nothing about the server.
    const lsHung = p.facts.lsRemote?.kind === "timeout" && p.facts.lsRemote.code === PROBE_CODES.timeout;
    const silent = b.outcome === "silent" && b.code === PROBE_CODES.timeout;
    const quietAfterBanner = b.outcome === "banner" && lsHung;
    if (!silent && !quietAfterBanner) continue;
    // During a download, only a stalled git makes it the cause; `probe` has no download to stall.
    if (stalls.length === 0 && e.outcome !== "probed") continue;
    const repoKey = (u: string) => u.replace(/^[a-z+]+:\/\//, "").replace(/\.git\/?$|\/$/, "");
    const stall = stalls.find((s) => s.repo && p.facts.lsRemote && repoKey(s.repo) === repoKey(p.facts.lsRemote.repo)) ?? stalls[0];
    out.push(
      makeFinding(SSH_HANDSHAKE, {
        title: silent
          ? `ssh to ${where} connects, but the server never sends its ssh banner`
          : `ssh to ${where}: the server sends its banner (${b.banner}) and then nothing`,
        severity: "blocker",
        confidence: stall ? 0.85 : 0.7,
        why:
          (stall ? `go's ${stall.command ?? "git"} got nothing for ${formatMs(stall.idleMs)}. ` : "") +
          via(ssh) +
          (silent
            ? `The probe connected to ${where} and no ssh identification line came in ${formatMs(b.ms - (b.connectMs ?? 0))}: something accepts connections there ` +
              "and does not speak ssh (a firewall or proxy that holds connections, a hung or overloaded sshd, a load balancer without a backend). "
            : `The server at ${where} sent its identification and then went quiet: its key exchange never comes (a hung sshd, a proxy that stops forwarding). `) +
          "The go command runs ssh with BatchMode but no ConnectTimeout, so ssh waits for ever.",
        evidence: [
          ...(stall ? [`${stall.command ?? "git"}${stall.repo ? ` (${stall.repo})` : ""}: nothing received, idle ${formatMs(stall.idleMs)}`] : []),
          ...ruleLine(ssh),
          bannerLine(p.result.id, b),
          ...lsLine,
        ],
        modules: stall?.module ? [stall.module] : p.facts.modules,
        fixes,
      }),
    );
  }
  return out;
}

const optionalUser = (user: string | undefined) => (user ? { user } : {});

const WHAT: Record<SshHandshakeFailure["what"], string> = {
  closed: "closes the connection before the ssh banner",
  reset: "resets the connection before the ssh banner",
  "banner-timeout": "sends no ssh banner before ssh's ConnectTimeout",
  "not-ssh": "answers with something that is not ssh",
};

/** go's error quotes ssh: the handshake ended before it began. */
function failedHandshakes(e: Evidence, seen: Set<string>): Finding[] {
  const out: Finding[] = [];
  const vcs = probed(e, "vcs");
  for (const x of e.trace?.errors ?? []) {
    const local = localLines(x.message, x.details).join("\n");
    const failure = sshHandshakeFailure(local);
    if (!failure) continue;
    // The probe knows the endpoint and the rule when ssh's line does not name them.
    const probe = vcs.find((p) => p.facts.ssh && (!x.module || p.facts.modules.some((m) => x.module === m || x.module!.startsWith(`${m}/`)))) ?? vcs.find((p) => p.facts.ssh);
    const ssh = probe?.facts.ssh;
    const host = failure.host ?? ssh?.banner.host;
    const port = failure.port ?? ssh?.banner.port ?? 22;
    const key = `${host}:${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = host ? hostPort(host, port) : "the repository's ssh server";
    // ssh says "closed" of any answer without a banner line; the probe read what the server sent instead.
    const notSsh = ssh?.banner.outcome === "not-ssh" && ssh.banner.host === host && ssh.banner.port === port ? ssh.banner.firstLine : undefined;
    const sshLines = local.split("\n").map((l) => l.replace(/\r$/, "").trim()).filter((l) => /^(kex_exchange_identification|Connection (closed|reset|timed out|to) |fatal: )/.test(l));
    out.push(
      makeFinding(SSH_HANDSHAKE, {
        title: notSsh !== undefined ? `ssh to ${where}: the server answers "${notSsh}", not ssh` : `ssh to ${where}: the server ${WHAT[failure.what]} (${failure.line})`,
        severity: failingSeverity(e),
        confidence: 0.85,
        why:
          `git reached ${where} over ssh and the connection ended before the ssh handshake began. ${via(ssh)}` +
          (failure.what === "not-ssh" || notSsh !== undefined
            ? "Something other than an ssh server listens on that port (a web server, a TLS proxy): the rewrite names the wrong port, or the host serves ssh elsewhere."
            : "The port is open and the server will not talk: an sshd refusing new connections (MaxStartups reached, a ban list such as fail2ban or sshguard, " +
              "TCP wrappers), a load balancer or port forward with no backend behind it, or a firewall that accepts and then drops. Not a key problem: no key was ever offered."),
        evidence: [...new Set([x.message, ...sshLines, ...(ssh ? ruleLine(ssh) : []), ...(probe && ssh ? [bannerLine(probe.result.id, ssh.banner)] : [])])].slice(0, 6),
        ...(x.module ? { modules: [x.module] } : {}),
        fixes: host ? sshFixes({ ...optionalUser(ssh ? userOf(ssh.url) : undefined), host, port, ...(ssh?.rule ? { rule: ssh.rule } : {}) }) : [{ summary: "Find the rewrite that sends git to ssh", commands: ["git config --show-origin --get-regexp '^url\\.'"] }],
      }),
    );
  }
  return out;
}

export const sshHandshakeFamily: RuleFamily = {
  family: "ssh-handshake",
  causes: [SSH_HANDSHAKE],
  evaluate: (e) => {
    // Endpoints (host:port) already told, so the probe's read of one does not repeat go's error.
    const seen = new Set<string>();
    return [...failedHandshakes(e, seen), ...probedSsh(e, seen)];
  },
};
