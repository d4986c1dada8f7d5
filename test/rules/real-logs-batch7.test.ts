// Rules for the seventh batch of real logs (fixtures/logs): a proxy's bare
// 404 for zips of versions it knows (no -x), an RFC 2606 example name standing
// for a private module in a checksum-database lookup, git's connection failures
// under `invalid version:`, go1.15 and older's `usage: go 1.23`, and GitHub's
// credential challenge for a repository that may not exist.
import { describe, expect, it } from "vitest";
import { diagnose, names, commands } from "./evidence/real-logs.js";
import { hostLooksPrivate, hostStandsForPrivate } from "../../src/rules/hosts.js";
import { gitHostFailure } from "../../src/rules/repo-host.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, goError, req, trace } from "./evidence/base.js";

describe("a proxy's bare 404 for a zip, in a log without -x (goproxy/goproxy.cn#149)", () => {
  const ZIP = "https://goproxy.cn/github.com/go-playground/locales/@v/v0.13.0.zip";
  const zip404 = (details: string[]) =>
    goError(`go: github.com/go-playground/locales@v0.13.0: reading ${ZIP}: 404 Not Found`, details, "github.com/go-playground/locales", "v0.13.0");

  it("is the proxy's inconsistency: go read the version's .info and .mod before its zip", () => {
    const fs = diagnose([zip404(["\tserver response: not found"])]);
    expect(fs[0]).toMatchObject({ name: "proxy-server-error", modules: ["github.com/go-playground/locales"] });
    expect(fs[0]!.title).toBe("The module proxy goproxy.cn answers 404 for the zip of github.com/go-playground/locales@v0.13.0, a version whose go.mod go had already read");
    expect(fs[0]!.why).toContain("reads a version's .info and .mod before its zip");
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("the same with no server response at all (a paste cut short)", () => {
    expect(diagnose([zip404([])])[0]?.name).toBe("proxy-server-error");
  });

  it("look-alike: a not-found that says why (an unknown revision) is not read as the proxy's fault", () => {
    const fs = diagnose([zip404(["\tserver response: not found: github.com/go-playground/locales@v0.13.0: invalid version: unknown revision v0.13.0"])]);
    expect(names(fs)).not.toContain("proxy-server-error");
  });

  it("look-alike: a -x trace that shows the .mod failing is not taken for a served one", () => {
    const fs = diagnose([zip404(["\tserver response: not found"])], {
      trace: trace({ errors: [zip404(["\tserver response: not found"])], requests: [req(ZIP.replace(/\.zip$/, ".mod"), { status: 404 }), req(ZIP, { status: 404 })] }),
    });
    expect(names(fs)).not.toContain("proxy-server-error");
  });
});

describe("an RFC 2606 example name in a checksum-database lookup (jfrog/jfrog-cli#471)", () => {
  const lookup = goError(
    "verifying go.example.org/example@v1.0.3/go.mod: go.example.org/example@v1.0.3/go.mod: reading https://sum.golang.org/lookup/go.example.org/example@v1.0.3: 410 Gone",
    [],
    "go.example.org/example",
    "v1.0.3",
  );

  it("stands for a private module: sumdb-private-lookup, not the database's failure", () => {
    const fs = diagnose([lookup]);
    expect(fs[0]).toMatchObject({ name: "sumdb-private-lookup", modules: ["go.example.org/example"] });
    expect(names(fs)).not.toContain("sumdb-origin-failed");
  });

  it("reads example.com/.org/.net and their subdomains so, and only for that decision", () => {
    for (const h of ["example.com", "go.example.org", "git.example.net"]) expect(hostStandsForPrivate(h), h).toBe(true);
    for (const h of ["example.io", "myexample.com", "github.com"]) expect(hostStandsForPrivate(h), h).toBe(false);
    // Elsewhere example.com is every test's (and many posted logs') stand-in for any module.
    expect(hostLooksPrivate("example.com")).toBe(false);
  });
});

describe("git's connection failure wrapped in `invalid version:` (docsy/docsy#992)", () => {
  const timedOut = (line: string) =>
    goError(
      "go: github.com/google/docsy@v0.2.0: invalid version: git ls-remote -q origin in /tmp/hugo_cache/modules/filecache/modules/pkg/mod/cache/vcs/98f5: exit status 128:",
      [`\tfatal: unable to access 'https://github.com/google/docsy/': ${line}`],
      "github.com/google/docsy",
      "v0.2.0",
    );

  it("is repo-unreachable, not a missing version", () => {
    const fs = diagnose([timedOut("Failed to connect to github.com port 443: Operation timed out")]);
    expect(fs[0]).toMatchObject({ name: "repo-unreachable", title: "The repository host github.com cannot be reached: connections get no answer" });
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("git's other connection wordings too", () => {
    for (const line of ["Failed to connect to github.com port 443: Connection timed out", "Could not resolve host: github.com", "Failed to connect to github.com port 443: Connection refused"]) {
      expect(gitHostFailure(`fatal: unable to access 'https://github.com/google/docsy/': ${line}`), line).toContain(line);
      expect(names(diagnose([timedOut(line)])), line).not.toContain("module-not-found");
    }
  });

  it("look-alike: a missing revision is still module-not-found", () => {
    expect(gitHostFailure("fatal: couldn't find remote ref v9.9.9\nunknown revision v9.9.9")).toBeUndefined();
  });
});

describe("go1.15 and older's `usage: go 1.23` (open-ness/edgecontroller#39)", () => {
  it("is a go too old to read go.mod's three-part go line: install go1.21+ or write `go 1.N`", () => {
    const fs = diagnose([goError("go: errors parsing go.mod:", ["/root/edgecontroller/go.mod:6: usage: go 1.23"])]);
    expect(fs[0]).toMatchObject({ name: "toolchain-unavailable", title: "go.mod's go line has a form this go cannot read: a go before 1.21 reads only `go 1.N`" });
    expect(fs[0]!.fixes[0]!.summary).toContain("Install go 1.21 or newer");
    expect(commands(fs[0]!)).toContain("sed -i -E 's/^go ([0-9]+\\.[0-9]+)\\.[0-9]+.*$/go \\1/' go.mod");
  });

  it("go1.16-1.20's wording names the version and keeps its title, with the two-part fix too", () => {
    const fs = diagnose([goError("go: errors parsing go.mod:", ["/src/go.mod:3: invalid go version '1.21.0': must match format 1.23"])]);
    expect(fs[0]!.title).toBe("go.mod needs go 1.21.0, newer than this go, which cannot switch toolchains (before go1.21)");
    expect(fs[0]!.fixes.map((f) => f.summary).join("\n")).toContain("two-part form");
  });
});

describe("GitHub's credential challenge for a repository that may not exist (go-eagle/eagle#154)", () => {
  const prompt = (module: string, host = "github.com") =>
    goError(
      `go: ${module}@v0.0.0-20151018003038-5e2d6d41470f: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/1f2e: exit status 128:`,
      [`\tfatal: could not read Username for 'https://${host}': terminal prompts disabled`],
      module,
      "v0.0.0-20151018003038-5e2d6d41470f",
    );

  it("auth-failed says the repository may not exist, checks it without credentials, offers proxy.golang.org, keeps .netrc for a private one", () => {
    const fs = diagnose([prompt("github.com/mitchellh/osext")]);
    const f = fs[0]!;
    expect(f).toMatchObject({ name: "auth-failed", title: "github.com needs credentials (git), or the repository does not exist" });
    expect(f.why).toContain("may not exist at all");
    expect(f.fixes[0]!.commands).toContain("curl -s -o /dev/null -w '%{http_code}\\n' https://github.com/mitchellh/osext");
    expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org GONOPROXY=none go mod download github.com/mitchellh/osext@v0.0.0-20151018003038-5e2d6d41470f");
    expect(f.fixes.find((x) => /~\/\.netrc/.test(x.summary))?.summary).toMatch(/^If the repository is private: /);
  });

  it("a subpackage's module path is checked at its repository (owner/repo)", () => {
    expect(diagnose([prompt("github.com/acme/tools/cli")])[0]!.fixes[0]!.commands[0]).toMatch(/ https:\/\/github\.com\/acme\/tools$/);
  });

  it("look-alike: GOPROXY already asked proxy.golang.org (git ran as its fallback): no proxy fix, and the why says so", () => {
    const f = diagnose([prompt("github.com/mitchellh/osext")], { ctx: ctx({ GOPROXY: "https://proxy.golang.org,direct" }) })[0]!;
    expect(commands(f)).not.toContain("GONOPROXY=none");
    expect(f.why).toContain("the proxy did not have it either");
  });

  it("look-alike: a company's own git host is a plain credentials problem", () => {
    const f = diagnose([prompt("git.corp.internal/team/lib", "git.corp.internal")])[0]!;
    expect(f.title).toBe("git.corp.internal needs credentials (git)");
    expect(commands(f)).not.toContain("proxy.golang.org");
  });
});

describe("GOVCS refusing a tool the default refuses too (fixtures/logs/govcs-bzr-launchpad-requires-dnscontrol.log)", () => {
  const refusal = (vcs: string, path: string) =>
    goError(`go: ${path}@v0.0.0-20140225173054-000000000087: unrecognized import path "${path}": GOVCS disallows using ${vcs} for public ${path}; see 'go help vcs'`, [], path);
  const summaries = (f: Finding) => f.fixes.map((x) => x.summary).join("\n");

  it("bzr for a public module: dropping GOVCS cannot help (the default allows git and hg only), so it is not offered", () => {
    const f = diagnose([refusal("bzr", "launchpad.net/gocheck")])[0]!;
    expect(f.name).toBe("govcs-disallows");
    expect(commands(f)).toContain("GOVCS=launchpad.net:bzr");
    expect(summaries(f)).not.toContain("drop GOVCS");
  });

  it("look-alike: git refused by a GOVCS that is set: dropping it restores the default, which allows git", () => {
    const f = diagnose([refusal("git", "github.com/corp-team/lib")], { ctx: ctx({ GOVCS: "*:off" }) })[0]!;
    expect(summaries(f)).toContain("drop GOVCS");
  });

  it("with GOVCS unset (go's default doing the refusing): nothing to drop", () => {
    const f = diagnose([refusal("fossil", "example.org/x")], { ctx: ctx({ GOVCS: "" }) })[0]!;
    expect(summaries(f)).not.toContain("drop GOVCS");
  });
});

describe("a go-import tag for another prefix (`meta tag P did not match import path I`, cmd/go/internal/vcs ImportMismatchError)", () => {
  const mismatch = (path: string, prefix: string) =>
    goError(`go: ${path}@v1.0.0: unrecognized import path "${path}": parse https://${path}?go-get=1: no go-import meta tags (meta tag ${prefix} did not match import path ${path})`, [], path, "v1.0.0");
  const top = (path: string, prefix: string) => diagnose([mismatch(path, prefix)])[0]!;

  it("says which prefix the page names, not that it serves no tag", () => {
    const f = top("git.x.com/x/x/client/golang", "gitea.baas:1080/x/x");
    expect(f).toMatchObject({ name: "go-import-failed", title: "git.x.com's go-import meta tag names gitea.baas:1080/x/x, which is not a prefix of git.x.com/x/x/client/golang" });
    expect(f.why).toContain("only when its prefix is the import path or a leading part of it");
    expect(f.why).toContain("internal address (gitea.baas:1080)");
  });

  it("names the likely cause from the prefix: the request's query, letter case, another public path", () => {
    expect(top("go.jolheiser.com/hcaptcha", "go.jolheiser.com/hcaptcha?go-get=1").why).toContain("carries the request's `?go-get=1`");
    expect(top("gitlab.com/nebulouslabs/sia", "gitlab.com/NebulousLabs/Sia").why).toContain("only in letter case");
    expect(top("muzzammil.xyz/jsonc", "github.com/muhammadmuzzammil1998/jsonc").why).toContain("a path on github.com");
  });

  it("look-alike: a page with no go-import tag at all keeps the no-tag title", () => {
    const f = diagnose([goError('go: go.example.org/m@v1.0.0: unrecognized import path "go.example.org/m": parse https://go.example.org/m?go-get=1: no go-import meta tags ()', [], "go.example.org/m", "v1.0.0")])[0]!;
    expect(f.title).toBe("go.example.org serves no go-import meta tag for go.example.org/m");
  });
});
