// The signals that say a saved log comes from a Windows machine, and the look-alikes that do not.
import { describe, expect, it } from "vitest";
import { windowsSignal } from "../../src/trace/windows-log.js";

describe("windowsSignal", () => {
  it.each([
    ["connectex", `go: example.com/a@v1.0.0: Get "https://proxy.golang.org/x": dial tcp 142.250.1.1:443: connectex: A connection attempt failed`],
    ["wsarecv", "read tcp 10.0.0.2:50123->142.250.1.1:443: wsarecv: An existing connection was forcibly closed by the remote host."],
    ["getaddrinfow", "dial tcp: lookup proxy.golang.org: getaddrinfow: This is usually a temporary error during hostname resolution"],
    ["cmd prompt", "C:\\src\\app>go mod download"],
    ["quoted cmd prompt", "> C:\\Users\\me>go get example.com/a"],
    ["PowerShell prompt", "PS C:\\src\\app> go mod tidy"],
    ["go env on Windows", "set GOPROXY=https://proxy.golang.org,direct"],
    ["a Windows GOROOT", "GOROOT=C:\\Program Files\\Go"],
    ["a drive path in go's line", "go: writing go.mod cache: mkdir C:\\Users\\me\\go\\pkg\\mod\\cache: Access is denied."],
    ["a lower-case drive", "rename d:\\go\\pkg\\mod\\golang.org\\x\\tools@v0.1.0.tmp-1 d:\\go\\pkg\\mod\\golang.org\\x\\tools@v0.1.0: Access is denied."],
    ["a backslash position", "channels\\infoflow.go:12:2: github.com/a/b@v0.0.0: replacement directory ../b does not exist"],
  ])("%s", (_, line) => {
    expect(windowsSignal(line)).toBe(true);
  });

  it.each([
    ["a stray backslash", "go: parsing go.mod: unexpected \\ in string"],
    ["a regexp", "grep -E '^ *[0-9]\\.' file"],
    ["a drive letter alone", "see C:\\ for details"],
    ["Linux refused", "dial tcp 127.0.0.1:1: connect: connection refused"],
    ["the word in prose", "unlike Windows, connectex is not printed here"],
    ["a POSIX go env", "GOROOT='/usr/lib/go-1.23'"],
    ["a URL", "# get https://proxy.golang.org/github.com/!burnt!sushi/toml/@v/list: 200 OK (0.101s)"],
  ])("not: %s", (_, line) => {
    expect(windowsSignal(line)).toBe(false);
  });
});
