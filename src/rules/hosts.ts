// What is public and what looks private: the public module mirrors and
// checksum databases, and the signs that a module path is someone's private one.

const PUBLIC_PROXY_HOSTS = new Set([
  "proxy.golang.org",
  "goproxy.io",
  "goproxy.cn",
  "goproxy.dev",
  "mirrors.aliyun.com",
  "mirrors.tencent.com",
  "repo.huaweicloud.com",
  // Public proxies since shut down, still in older logs: JFrog's GoCenter, Sonatype's gonexus, the Athens project's demo.
  "gocenter.io",
  "gonexus.dev",
  "athens.azurefd.net",
]);

const PUBLIC_SUMDB_HOSTS = new Set(["sum.golang.org", "sum.golang.google.cn"]);

export function isPublicProxyHost(host: string | undefined): boolean {
  return host !== undefined && PUBLIC_PROXY_HOSTS.has(host.toLowerCase());
}

export function isPublicSumdbHost(host: string | undefined): boolean {
  return host !== undefined && PUBLIC_SUMDB_HOSTS.has(host.toLowerCase());
}

/** Top-level names and shapes no public module host uses. */
const PRIVATE_TLD = /\.(corp|internal|intranet|local|lan|home|test|invalid|localdomain|private|example)$/i;

/** The host part of a module path (its first element). */
export function moduleHost(path: string): string {
  return path.split("/")[0] ?? path;
}

/** A module whose host cannot be public (no dot, private TLD, an IP address). */
export function hostLooksPrivate(host: string): boolean {
  if (!host.includes(".")) return true;
  if (PRIVATE_TLD.test(host)) return true;
  return /^\d+\.\d+\.\d+\.\d+(:\d+)?$/.test(host);
}

/**
 * The names RFC 2606 reserves for documentation (example.com/.org/.net and
 * their subdomains): no real module lives there, so a posted log that names
 * one has put it in place of a host it does not show, a private one when the
 * checksum database is asked about it (jfrog/jfrog-cli#471). Only that
 * decision reads them so: elsewhere example.com is the stand-in for any module.
 */
const RESERVED_EXAMPLE = /(?:^|\.)example\.(?:com|org|net)$/i;

/** A host that looks private, or an RFC 2606 example name standing in for one. */
export function hostStandsForPrivate(host: string): boolean {
  return hostLooksPrivate(host) || RESERVED_EXAMPLE.test(host);
}

import { responseSaysMissingVersion, responseSaysPrivate } from "../trace/server-response.js";

// Read by the probes too, so they live in trace/; the rules keep importing them from here.
export { responseSaysMissingVersion, responseSaysPrivate };

/**
 * A proxy's answer that names its own failure (its disk, its memory, its
 * limits): goproxy.io once answered `404 ... not found: MOD@VER: no space
 * left on device`. The module exists; the proxy could not serve it.
 */
const SERVER_FAULT = /no space left on device|disk quota exceeded|too many open files|cannot allocate memory|read-only file system/i;

/**
 * The revision a server's not-found answer says its origin lacks
 * (`invalid version: unknown revision v2.14.3`); undefined when it says no such thing.
 */
export function unknownRevisionIn(response: string): string | undefined {
  return /unknown revision (\S+)/.exec(response)?.[1];
}

/**
 * A checksum-database lookup (a `/lookup/` URL) answered not found because the
 * database's origin has no such revision. go looks a version up only after it
 * has read the file it checks (modfetch's checkModSum runs on the downloaded
 * zip or go.mod), so the version exists where go fetched it from: the database
 * has not seen it yet (a tag pushed minutes ago, its not-found cached a while).
 */
export function sumdbNotYetSeen(message: string, details: string[]): boolean {
  return /\/lookup\/\S+: (?:404|410)\b/.test(message) && unknownRevisionIn(serverResponse(details)) !== undefined && !responseSaysPrivate(serverResponse(details));
}

/** The server's own failure quoted in its response, e.g. "no space left on device". */
export function serverFaultIn(response: string): string | undefined {
  return SERVER_FAULT.exec(response)?.[0];
}

/**
 * Public code hosts: a public proxy or database failing to reach one of these is their outage, not a private module.
 * With them the vanity hosts of widely used public modules (rsc.io/quote is the modules tutorial's example).
 */
const PUBLIC_CODE_HOSTS = new Set([
  "github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "go.googlesource.com", "git.sr.ht", "golang.org", "gopkg.in",
  "google.golang.org", "cloud.google.com", "go.uber.org", "k8s.io", "sigs.k8s.io", "go.opentelemetry.io", "rsc.io",
]);

/** A module host that is one of the public code hosts (github.com, golang.org, gopkg.in, ...). */
export function isPublicCodeHost(host: string): boolean {
  return PUBLIC_CODE_HOSTS.has(host.toLowerCase());
}

/**
 * Code hosts that answer git's request for a repository that does not exist
 * with an authentication challenge, as for a private one (they will not say
 * which exists): without credentials git asks for a user name, and with
 * prompts disabled fails on `terminal prompts disabled` either way.
 */
const CHALLENGES_MISSING_REPOS = new Set(["github.com", "gitlab.com", "bitbucket.org"]);

/** Whether `host` asks for credentials also for a repository that does not exist. */
export function challengesMissingRepos(host: string): boolean {
  return CHALLENGES_MISSING_REPOS.has(host.toLowerCase());
}

/** The server's fetch of the origin failed below HTTP: the origin's name did not resolve, its port refused or timed out. */
const ORIGIN_UNREACHABLE =
  /Failed to connect to \S+ port \d+[^\n]*?(?:Connection refused|Connection timed out|Network is unreachable|No route to host|Couldn't connect to server|Timeout was reached)|Could not resolve host: \S+|Operation timed out after \d+ milliseconds[^\n]*|Connection timed out after \d+ milliseconds/i;
/** The origin answered, then failed mid-transfer: its outage whatever the module. */
const ORIGIN_BROKE = /The requested URL returned error: 5\d\d|RPC failed;[^\n]*|unexpected disconnect while reading sideband packet|the remote end hung up unexpectedly|early EOF|GnuTLS recv error[^\n]*/i;
const ORIGIN_AUTH = /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|Repository not found|HTTP Basic: Access denied|returned error: 40[134]/i;

/**
 * The failure a proxy or checksum database quotes when its own fetch of a
 * public module from the origin failed (sum.golang.org answered 404 with
 * `git ls-remote ...: fatal: unable to access 'https://github.com/...':
 * Failed to connect to github.com port 443: Connection refused`, golang/go#72121):
 * the module exists, the server could not fetch it then. A private host the
 * server cannot reach is a private module, not this (responseSaysPrivate).
 */
export function originFailureIn(module: string, response: string): string | undefined {
  if (response === "" || ORIGIN_AUTH.test(response)) return undefined;
  const broke = ORIGIN_BROKE.exec(response);
  if (broke && !hostLooksPrivate(moduleHost(module))) return broke[0].trim();
  const unreachable = ORIGIN_UNREACHABLE.exec(response);
  return unreachable && PUBLIC_CODE_HOSTS.has(moduleHost(module).toLowerCase()) ? unreachable[0].trim() : undefined;
}

/** git refusing a protocol it was not allowed (GIT_ALLOW_PROTOCOL, protocol.allow): `fatal: transport 'ssh' not allowed`. */
const TRANSPORT_REFUSED = /transport '([^']+)' not allowed/;

/**
 * The protocol a public proxy or checksum database refused to fetch a module
 * over, quoted in its not-found answer: they fetch origins over https only,
 * so a vanity path whose go-import tag names an ssh:// repository never
 * resolves there, whatever the version. Undefined when the response says no such thing.
 */
export function refusedTransportIn(response: string): string | undefined {
  return TRANSPORT_REFUSED.exec(response)?.[1];
}

/**
 * The lines of a go error that describe this machine: the message and the
 * details before a `server response:` block (which quotes the server's side).
 */
export function localLines(message: string, details: string[]): string[] {
  const cut = details.findIndex((d) => /^\s*server response:/.test(d));
  return [message, ...(cut < 0 ? details : details.slice(0, cut))];
}

/** The `server response:` block of a go error's details, joined; "" when there is none. */
export function serverResponse(details: string[]): string {
  const cut = details.findIndex((d) => /^\s*server response:/.test(d));
  return cut < 0 ? "" : details.slice(cut).map((d) => d.trim()).join("\n");
}
