// The commands a DNS fix gives, for the OS the go command ran on (Evidence.os):
// getent, /etc/resolv.conf and systemd-resolved are Linux's; Windows asks its DNS
// client service (PowerShell cmdlets, ipconfig), macOS its directory service and
// mDNSResponder (scutil, dscacheutil).
import type { Fix } from "../report/schema.js";
import type { Evidence } from "./types.js";

export type DnsOs = Evidence["os"];

/** Looks `host` up the way the system resolver does (the one go uses there). */
export function lookupCommand(host: string, os: DnsOs): string {
  if (os === "windows") return `Resolve-DnsName ${host}`;
  if (os === "darwin") return `dscacheutil -q host -a name ${host}`;
  return `getent hosts ${host}`;
}

/** Times that lookup: a slow resolver shows as seconds here. */
export function timedLookupCommand(host: string, os: DnsOs): string {
  if (os === "windows") return `Measure-Command { Resolve-DnsName ${host} }`;
  return `time ${lookupCommand(host, os)}`;
}

/** The DNS servers this machine is given. */
export function resolverConfigCommand(os: DnsOs): string {
  if (os === "windows") return "Get-DnsClientServerAddress -AddressFamily IPv4";
  if (os === "darwin") return "scutil --dns | grep nameserver";
  return "cat /etc/resolv.conf";
}

/** The local resolver service: systemd-resolved on Linux, the DNS Client service on Windows, mDNSResponder on macOS. */
export function resolverServiceCommand(os: DnsOs): string {
  if (os === "windows") return "Get-Service Dnscache";
  if (os === "darwin") return "sudo killall -HUP mDNSResponder";
  return "systemctl status systemd-resolved";
}

/** Drops cached answers (a name that changed, a VPN just connected); Linux keeps none unless a caching resolver runs. */
export function flushCommand(os: DnsOs): string | undefined {
  if (os === "windows") return "ipconfig /flushdns";
  if (os === "darwin") return "sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder";
  return undefined;
}

/** The hosts file's line for `host`, if any. */
export function hostsFileCommand(host: string, os: DnsOs): string {
  if (os === "windows") return `Select-String -Path C:\\Windows\\System32\\drivers\\etc\\hosts -Pattern '${host}'`;
  return `grep -i '${host}' /etc/hosts`;
}

/** Where the DNS servers come from, in a sentence. */
export function resolverSource(os: DnsOs): string {
  if (os === "windows") return "the network adapter's DNS settings";
  if (os === "darwin") return "the network settings (scutil --dns)";
  return "/etc/resolv.conf";
}

/** The resolver service on this machine that a lookup of localhost:53 reaches, in a few words. */
export function localResolverName(os: DnsOs): string {
  if (os === "windows") return "the DNS Client service, Dnscache";
  if (os === "darwin") return "mDNSResponder";
  return "systemd-resolved, dnsmasq";
}

/**
 * Why go asked a resolver on this machine, said for the OS: go's own resolver asks
 * the configured DNS servers, and localhost:53 when there are none.
 */
export function loopbackResolverWhy(os: DnsOs): string {
  return `go asks the DNS servers in ${resolverSource(os)}, and localhost when there are none`;
}

/** A fix whose commands were written for `os`: Windows' are PowerShell's, marked so the report does not translate them again. */
export function forOs(fix: Fix, os: DnsOs): Fix {
  return os === "windows" ? { ...fix, shell: "powershell" } : fix;
}
