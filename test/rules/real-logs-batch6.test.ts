// Rules for the sixth batch of real logs (fixtures/logs): an old git a host
// refuses, a git host failing on its side under go's `invalid version:`,
// go1.12's `unexpected status (URL): 401 <any reason>`, a DNS resolver on this
// machine refusing, a vanity tag naming an ssh repository that the public
// proxy and checksum database will not fetch, and a public proxy refused.
import { describe, expect, it } from "vitest";
import { diagnose, names, commands, fixText } from "./evidence/real-logs.js";
import { loopbackResolverRefusing, statusInText, urlInText } from "../../src/rules/net-text.js";
import { ONLINE, ctx, goError } from "./evidence/base.js";

describe("an old git the repository host refuses (RPC failed; result=22, HTTP code = 404)", () => {
  const fetch = (wrap = "") =>
    goError(
      `go: modernc.org/strutil@v1.0.0: ${wrap}git fetch -f origin refs/heads/*:refs/heads/* refs/tags/*:refs/tags/* in /root/go/pkg/mod/cache/vcs/f485: exit status 128:`,
      ["error: RPC failed; result=22, HTTP code = 404", "fatal: The remote end hung up unexpectedly"],
      "modernc.org/strutil",
      "v1.0.0",
    );

  it("is repo-unreachable: upgrade git, or let the module proxy serve it", () => {
    const fs = diagnose([fetch()]);
    expect(fs[0]).toMatchObject({ code: "GMD309", modules: ["modernc.org/strutil"] });
    expect(fs[0]!.title).toContain("refuses this old git");
    expect(fs[0]!.evidence).toContain("error: RPC failed; result=22, HTTP code = 404");
    expect(commands(fs[0]!)).toContain("git --version");
    expect(commands(fs[0]!)).toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("under go's `invalid version:` wrapping it is still not a missing version", () => {
    const fs = diagnose([fetch("invalid version: ")]);
    expect(fs[0]?.code).toBe("GMD309");
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("older git's 5xx is the host's server error", () => {
    expect(statusInText("error: RPC failed; result=22, HTTP code = 502")).toBe(502);
  });
});

describe("a git host failing on its side, wrapped as `invalid version:`", () => {
  const kingpin = (lines: string[]) =>
    goError(
      "go mod download: gopkg.in/alecthomas/kingpin.v2@v2.2.6: invalid version: git ls-remote -q origin in /go/pkg/mod/cache/vcs/c2c1: exit status 128:",
      lines,
      "gopkg.in/alecthomas/kingpin.v2",
      "v2.2.6",
    );
  const REMOTE = "remote: Cannot obtain refs from GitHub: cannot talk to GitHub: Get https://github.com/alecthomas/kingpin.git/info/refs?service=git-upload-pack: write tcp 10.1.9.1:60820->140.82.121.3:443: write: broken pipe";
  const FATAL = "fatal: unable to access 'https://gopkg.in/alecthomas/kingpin.v2/': The requested URL returned error: 502";

  it("is the host's server error, named by the repository git asked (not a URL in the host's `remote:` line)", () => {
    const fs = diagnose([kingpin([REMOTE, FATAL])]);
    expect(names(fs)).not.toContain("module-not-found");
    expect(fs[0]).toMatchObject({ code: "GMD309", title: "The repository host gopkg.in answers with a server error (502)" });
    expect(fs[0]!.why).toContain('says it cannot reach its own upstream ("Cannot obtain refs from GitHub: cannot talk to GitHub")');
    expect(commands(fs[0]!)).toContain("git ls-remote https://gopkg.in/alecthomas/kingpin.v2/");
  });

  it("a `remote:` line saying the server cannot reach its upstream is enough to rule out a missing version", () => {
    const fs = diagnose([kingpin([REMOTE, "fatal: The remote end hung up unexpectedly"])]);
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("a URL in a `remote:` line is the server's, not the request's", () => {
    expect(urlInText(`${REMOTE}\n${FATAL}`)).toBe("https://gopkg.in/alecthomas/kingpin.v2/");
  });
});

describe("go1.12's `unexpected status (URL): 401 <reason>`", () => {
  const URL = "https://goproxy.io/github.com/gogo/protobuf/@v/v1.2.1.info";
  const line = `go: github.com/gogo/protobuf@v1.2.1: unexpected status (${URL}): 401 authenticationrequired`;

  it("reads the status from its number whatever the reason phrase, and the URL without the parenthesis", () => {
    expect(statusInText(line)).toBe(401);
    expect(urlInText(line)).toBe(URL);
  });

  it("is a public proxy refusing (proxy-server-error), with the refused URL to check", () => {
    const fs = diagnose([goError(line, [], "github.com/gogo/protobuf", "v1.2.1")]);
    expect(fs[0]).toMatchObject({ code: "GMD104", title: "The module proxy goproxy.io refuses the requests (401 authenticationrequired)" });
    expect(commands(fs[0]!)).toContain(`curl -sSI ${URL}`);
    expect(commands(fs[0]!)).not.toContain(".info)");
  });
});

describe("a DNS resolver on this machine refusing the lookup", () => {
  const lookup = (resolver: string) =>
    goError(
      `go: rsc.io/qr@latest: module rsc.io/qr: Get "https://proxy.golang.org/rsc.io/qr/@v/list": dial tcp: lookup proxy.golang.org on ${resolver}: read udp ${resolver.replace(/:53$/, ":57927")}->${resolver}: read: connection refused`,
      [],
      "rsc.io/qr",
    );

  it("reads the loopback resolver, and only a loopback one", () => {
    expect(loopbackResolverRefusing(lookup("[::1]:53").message)).toBe("[::1]:53");
    expect(loopbackResolverRefusing("lookup x.org on 127.0.0.53:53: dial udp 127.0.0.53:53: connect: connection refused")).toBe("127.0.0.53:53");
    expect(loopbackResolverRefusing(lookup("192.168.1.1:53").message)).toBeUndefined();
    expect(loopbackResolverRefusing("lookup x.org on [::1]:53: no such host")).toBeUndefined();
  });

  it("from a log alone, is no DNS server on this machine (network-offline), with the resolver to check, not the proxy's spelling", () => {
    for (const resolver of ["[::1]:53", "127.0.0.53:53"]) {
      const fs = diagnose([lookup(resolver)]);
      expect(fs[0]).toMatchObject({ code: "GMD109", title: `No DNS server answers on this machine: lookups go to ${resolver}, which refuses them` });
      expect(fs[0]!.explains).toContain("GMD101");
      expect(commands(fs[0]!)).toContain("cat /etc/resolv.conf");
      expect(fixText(fs[0]!)).toContain("systemd-resolved");
      expect(fixText(fs[0]!)).not.toContain("spelling");
    }
  });

  it("when the probe resolves names, stays proxy-dns, with the resolver fix instead of the spelling one", () => {
    const fs = diagnose([lookup("[::1]:53")], { probes: [ONLINE] });
    expect(fs[0]?.name).toBe("proxy-dns");
    expect(fixText(fs[0]!)).toContain("/etc/resolv.conf");
    expect(fixText(fs[0]!)).not.toContain("spelling");
  });

  it("a checksum lookup alone (the download reached its proxy) stays the database's finding", () => {
    const fs = diagnose([
      goError(
        'go: github.com/gin-gonic/gin@v1.6.3/go.mod: verifying module: github.com/gin-gonic/gin@v1.6.3/go.mod: Get "https://sum.golang.org/lookup/github.com/gin-gonic/gin@v1.6.3": dial tcp: lookup sum.golang.org on [::1]:53: read udp [::1]:46780->[::1]:53: read: connection refused',
        [],
        "github.com/gin-gonic/gin",
        "v1.6.3",
      ),
    ]);
    expect(fs[0]?.name).toBe("sumdb-unreachable");
  });
});

describe("a vanity go-import tag naming an ssh repository (`fatal: transport 'ssh' not allowed`)", () => {
  const MOD = "go.openly.dev/pointy";
  const refused = (url: string, prefix = "") =>
    goError(
      `go: ${MOD}@v1.3.0: ${prefix}reading ${url}: 404 Not Found`,
      ["server response:", `not found: ${MOD}@v1.3.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/3422: exit status 128:`, "\tfatal: transport 'ssh' not allowed"],
      MOD,
      "v1.3.0",
    );

  it("from the checksum database: sumdb-origin-failed, naming the tag to fix, never 'retry later'", () => {
    const fs = diagnose([refused(`https://sum.golang.org/lookup/${MOD}@v1.3.0`, `verifying module: ${MOD}@v1.3.0: `)], { ctx: ctx({}, {}, [`${MOD}@v1.3.0`]) });
    expect(fs[0]).toMatchObject({ code: "GMD205", title: `The checksum database sum.golang.org cannot fetch ${MOD}: its go-import tag names an ssh:// repository` });
    expect(commands(fs[0]!)).toContain(`curl -sS 'https://${MOD}?go-get=1' | grep -i go-import`);
    expect(fixText(fs[0]!)).toContain("https://");
    expect(commands(fs[0]!)).toContain("go env -w GOPRIVATE=go.openly.dev");
    expect(fixText(fs[0]!)).not.toMatch(/retry/i);
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("from the public proxy: the proxy's finding with the same fix, not a missing or private module", () => {
    const fs = diagnose([refused(`https://proxy.golang.org/${MOD}/@v/v1.3.0.info`)]);
    expect(fs[0]).toMatchObject({ code: "GMD104", title: `The module proxy proxy.golang.org cannot fetch ${MOD}: its go-import tag names an ssh:// repository` });
    expect(names(fs)).not.toContain("module-not-found");
    expect(names(fs)).not.toContain("private-not-in-goprivate");
  });
});

describe("a module proxy refusing connections", () => {
  const refused = (url: string) => goError(`go: github.com/mattn/go-shellwords@v1.0.12: Get "${url}": dial tcp 142.251.43.17:443: connect: connection refused`, [], "github.com/mattn/go-shellwords", "v1.0.12");

  it("a public one is blocked on the way: the network's HTTP proxy or a mirror, not 'is the service running'", () => {
    const fs = diagnose([refused("https://proxy.golang.org/github.com/mattn/go-shellwords/@v/v1.0.12.mod")]);
    expect(fs[0]?.name).toBe("proxy-refused");
    expect(fs[0]!.why).toContain("firewall");
    expect(fixText(fs[0]!)).not.toContain("is running");
    expect(commands(fs[0]!)).toContain("export HTTPS_PROXY=http://<PROXY_HOST>:<PORT>");
    expect(commands(fs[0]!)).toContain("gomod-doctor probe");
    expect(commands(fs[0]!)).toMatch(/GOPROXY=https:\/\/goproxy\.io,direct/);
  });

  it("a private one keeps the port and service check", () => {
    const fs = diagnose([refused("https://athens.corp.test/github.com/mattn/go-shellwords/@v/v1.0.12.mod")]);
    expect(fs[0]?.name).toBe("proxy-refused");
    expect(fs[0]!.fixes[0]!.summary).toBe("Check the port in GOPROXY and that the proxy service on athens.corp.test is running");
    expect(commands(fs[0]!)).not.toContain("HTTPS_PROXY");
  });
});
