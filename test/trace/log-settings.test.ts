// The GOPROXY a log shows: shell lines that set it and go env dumps, never go's own error texts.
import { describe, expect, it } from "vitest";
import { LogSettings, goproxyInLine } from "../../src/trace/log-settings.js";

describe("goproxyInLine", () => {
  it("reads the shapes a pasted log sets or shows GOPROXY in", () => {
    const cases: [string, string][] = [
      ["export GOPROXY=https://goproxy.io,direct", "https://goproxy.io,direct"],
      ['export GOPROXY="https://athens.azurefd.net" && go get golang.org/x/tools/gopls@latest', "https://athens.azurefd.net"],
      ["# export GOPROXY=https://goproxy.io", "https://goproxy.io"],
      ["$ GOPROXY=https://proxy.golang.org go get github.com/a/b@v1.4.3", "https://proxy.golang.org"],
      ["+ GOPROXY=direct go mod download", "direct"],
      ["go env -w GOPROXY=https://goproxy.cn,direct", "https://goproxy.cn,direct"],
      ['GOPROXY="https://proxy.golang.org,direct"', "https://proxy.golang.org,direct"],
      ["GOPROXY='https://proxy.golang.org|https://mirror.corp.test'", "https://proxy.golang.org|https://mirror.corp.test"],
      ["set GOPROXY=https://proxy.golang.org,direct", "https://proxy.golang.org,direct"],
      ['$env:GOPROXY = "https://goproxy.cn"', "https://goproxy.cn"],
      ['ENV GOPROXY="direct"', "direct"],
      ["ENV GOPROXY https://goproxy.cn,direct", "https://goproxy.cn,direct"],
      ["RUN GOPROXY=https://goproxy.cn go mod download", "https://goproxy.cn"],
      ['\t"GOPROXY": "https://proxy.golang.org,direct",', "https://proxy.golang.org,direct"],
      ["  GOPROXY: https://athens.corp.test", "https://athens.corp.test"],
      ["docker build --build-arg GOPROXY=https://goproxy.cn .", "https://goproxy.cn"],
    ];
    for (const [line, value] of cases) expect(goproxyInLine(line), line).toBe(value);
  });

  it("ignores go's own errors, prose and values that are no GOPROXY list", () => {
    for (const line of [
      "go: github.com/a/b@v0.2.9: module lookup disabled by GOPROXY=off",
      "main.go:21:2: GOPROXY list is not the empty string, but contains no entries",
      "export GOPROXY=$MY_PROXY",
      "GOPROXY=",
      "        server response: Invalid GOPROXY path: missing /@v/ or /@latest",
      "I set GOPROXY=https://goproxy.io and it still fails",
    ])
      expect(goproxyInLine(line), line).toBeUndefined();
  });

  it("keeps the last value a log shows", () => {
    const s = new LogSettings();
    for (const line of ["export GOPROXY=https://a.test", "go mod download", "export GOPROXY=https://b.test,direct", "go: error"]) s.take(line);
    expect(s.goproxy).toBe("https://b.test,direct");
  });

  it("remembers the first repository GOPATH mode's go get -v cloned (`ROOT (download)`), and nothing else that says download", () => {
    const s = new LogSettings();
    for (const line of ["$ go get -u -v github.com/square/gssh", "github.com/square/gssh (download)", "github.com/square/erg (download)"]) s.take(line);
    expect(s.gopathGet).toBe("github.com/square/gssh");
    const none = new LogSettings();
    for (const line of ["go: downloading github.com/a/b v1.0.0", "Starting (download)", "#5 (download)", "step 3 (download) done"]) none.take(line);
    expect(none.gopathGet).toBeUndefined();
  });

  it("tells a Nix build's log by its builder failure line or sandbox directory, and not by the word nix alone", () => {
    for (const line of ["error: builder for '/nix/store/jfzv-example.drv' failed with exit code 1;", "go: inconsistent vendoring in /private/tmp/nix-build-git-team-1.7.0.drv-0/source:"]) {
      const s = new LogSettings();
      s.take(line);
      expect(s.nixBuild, line).toBe(true);
    }
    const none = new LogSettings();
    for (const line of ["$ nix build", "installing nix", "/nix/store/abc-go-1.22/bin/go build"]) none.take(line);
    expect(none.nixBuild).toBe(false);
  });
});
