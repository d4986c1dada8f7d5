// Where git's ssh goes: git applies url.<base>.insteadOf rewrites (the
// longest matching prefix wins) before choosing a transport, so a module
// whose go-import tag names https can end up on ssh, at a host and port the
// tag never mentions.

export interface SshEndpoint {
  user?: string;
  host: string;
  /** 22 unless the URL names another. */
  port: number;
}

/** The URL git uses for `url` after its insteadOf rules (git's remote.c: the longest `from` that is a prefix wins). */
export function applyInsteadOf(url: string, rules: readonly { from: string; to: string }[]): { url: string; rule?: { from: string; to: string } } {
  let best: { from: string; to: string } | undefined;
  for (const rule of rules) if (rule.from !== "" && url.startsWith(rule.from) && (!best || rule.from.length > best.from.length)) best = rule;
  return best ? { url: best.to + url.slice(best.from.length), rule: best } : { url };
}

/**
 * The ssh endpoint of a git URL: `ssh://[user@]host[:port]/path` (also
 * `git+ssh://`, `ssh+git://`) or scp's `[user@]host:path`; undefined for any
 * other transport. As in git's connect.c, a colon before any slash makes the
 * scp form, and a bracketed `[host]` or `[host:port]` may hold the port.
 */
export function sshEndpointOf(url: string): SshEndpoint | undefined {
  const full = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^/:]+)(?::(\d+))?(?:\/|$)/i.exec(url);
  if (full) return { ...(full[1] ? { user: full[1] } : {}), host: full[2]!.replace(/^\[|\]$/g, ""), port: full[3] ? Number(full[3]) : 22 };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  const scp = /^(?:([^@/:]+)@)?([^/:@]+):(?!\/\/)/.exec(url);
  if (scp && !/^[a-z]:$/i.test(`${scp[2]}:`)) return { ...(scp[1] ? { user: scp[1] } : {}), host: scp[2]!, port: 22 };
  return undefined;
}

/** `host` or `host:port` when the port is not 22 (as people write an ssh endpoint). */
export function formatSshEndpoint(e: { host: string; port: number }): string {
  return e.port === 22 ? e.host : `${e.host}:${e.port}`;
}
