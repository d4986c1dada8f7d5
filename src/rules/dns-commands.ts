// The commands a DNS fix gives, and the DNS fixes shared by several findings,
// for the OS the go command ran on (Evidence.os):
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

/** Where a DNS server that does not answer came from, and what puts an unreachable one there, for the why. */
export function silentResolverOrigin(os: DnsOs): string {
  if (os === "windows" || os === "darwin")
    return `The DNS servers come from ${resolverSource(os)}: a VPN client, or a network the machine has since left, may have set one that cannot be reached from here.`;
  return "In a container the resolver is the one docker copied from the host or was given with --dns, which may not be reachable from inside.";
}

/** The local resolver service of each OS (as localResolverName names them), for text read without knowing the OS (explain). */
export function localResolverNames(): string {
  return "on Linux systemd-resolved, whose stub listens on 127.0.0.53, or dnsmasq; on Windows the DNS Client service, Dnscache; on macOS mDNSResponder";
}

/** A fix whose commands were written for `os`: Windows' are PowerShell's, marked so the report does not translate them again. */
export function forOs(fix: Fix, os: DnsOs): Fix {
  return os === "windows" ? { ...fix, shell: "powershell" } : fix;
}

/** A lookup a resolver on this machine refused (net-text.ts loopbackResolverRefusing): no DNS server configured or running. */
export function loopbackResolverFix(resolver: string, os?: DnsOs): Fix {
  if (os === "windows" || os === "darwin")
    return forOs(
      {
        summary: `Give go a DNS server (it asks ${resolver} on this machine, which refuses): check the network connection and the DNS servers it is given`,
        commands: [resolverConfigCommand(os), resolverServiceCommand(os), lookupCommand("proxy.golang.org", os)],
        caution: `go's own resolver asks 127.0.0.1:53 and [::1]:53 when it finds no DNS server in ${resolverSource(os)}: without a network connection there is often none.`,
      },
      os,
    );
  return {
    summary: `Give go a DNS server (it asks ${resolver} on this machine, which refuses): check the network connection, /etc/resolv.conf and the local resolver`,
    commands: [resolverConfigCommand(os), resolverServiceCommand(os), lookupCommand("proxy.golang.org", os)],
    caution:
      "go asks 127.0.0.1:53 and [::1]:53 when /etc/resolv.conf lists no nameserver (or is missing): without a network connection it is often empty. " +
      "127.0.0.53 is systemd-resolved's stub: it must be running. In a container, /etc/resolv.conf comes from the host or --dns.",
  };
}

/** A DNS server that does not answer (`lookup H on R:53: ... i/o timeout`): ask it directly, and see where it came from. */
export function silentResolverFix(server: string, host: string, os?: DnsOs): Fix {
  const address = server.replace(/:53$/, "").replace(/^\[|\]$/g, "");
  if (os === "windows" || os === "darwin")
    return forOs(
      {
        summary: `Ask ${server} directly, and see which DNS servers this machine is given`,
        commands: [resolverConfigCommand(os), `nslookup ${host} ${address}`, flushCommand(os)!],
        caution: `The DNS servers come from ${resolverSource(os)} (a VPN client may set its own): give the machine one it can reach.`,
      },
      os,
    );
  return {
    summary: `Ask ${server} directly, and see which DNS servers this machine (or container) is given`,
    commands: [resolverConfigCommand(os), `nslookup ${host} ${address}`],
    caution:
      "In a docker build the container's /etc/resolv.conf comes from the host, or from --dns / the \"dns\" key of /etc/docker/daemon.json: " +
      "give it a resolver it can reach (the network's DNS server, or a public one) and restart the daemon.",
  };
}
