// A log run in Git Bash (MSYS2) on Windows: the machine is Windows (Evidence.os, for
// the TLS store and DNS), but the user's shell is bash, so the fixes stay POSIX; a
// fix only PowerShell can run (it asks Windows itself) stays so and says where to run it.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runAnalyze } from "../../src/commands/analyze.js";
import { gitBashSignal } from "../../src/trace/git-bash-log.js";
import { ReportSchema, type Report } from "../../src/report/schema.js";

describe("gitBashSignal", () => {
  it.each([
    ["the MINGW64 title line", "me@DESKTOP-4F2K MINGW64 ~/src/app (main)"],
    ["MINGW32", "dev@BUILD-01 MINGW32 /c/work"],
    ["UCRT64", "me@pc UCRT64 ~"],
    ["MSYS", "me@pc MSYS ~/src"],
    ["a prompt on an MSYS drive mount", "$ cd /c/Users/me/src/app"],
    ["a prompt on a drive path", "$ go env -w GOMODCACHE=D:\\gomod"],
    ["a prompt on a forward-slash drive path", "$ ls C:/Users/me/go/pkg/mod"],
  ])("%s", (_, line) => {
    expect(gitBashSignal(line)).toBe(true);
  });

  it.each([
    ["a Linux prompt", "me@host:~/src/app$ go mod download"],
    ["a bare $ prompt on a Linux path", "$ cd /home/me/src/app"],
    ["a one-letter Linux directory not under a Windows folder", "$ ls /a/b/c"],
    ["the word in prose", "builds on MINGW64 are not supported"],
    ["an e-mail address", "contact me@example.com MINGW64-free"],
    ["a PowerShell prompt", "PS C:\\src\\app> go mod tidy"],
  ])("not: %s", (_, line) => {
    expect(gitBashSignal(line)).toBe(false);
  });
});

const output = { mode: "json" as const, color: false, verbose: false, debug: false, interactive: false, githubActions: false };

async function analyzeLines(lines: string[]): Promise<Report> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "gmd-gitbash-")), "build.log");
  writeFileSync(file, [...lines, ""].join("\n"));
  return ReportSchema.parse(await runAnalyze({ output, file, dir: path.dirname(file), probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false }));
}
const commands = (r: Report) => r.findings.flatMap((f) => f.fixes.flatMap((x) => x.commands));

const MOD = "https://proxy.golang.org/github.com/gin-gonic/gin/@v/v1.9.1.mod";
const CONNECTEX = `Get "${MOD}": dial tcp 142.250.1.1:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.`;
// Synthetic, in the shape Git Bash prints: the title line, then `$ ` and the command.
const GIT_BASH_TIMEOUT = ["me@DESKTOP-4F2K MINGW64 ~/src/app (main)", "$ go mod download -x", `# get ${MOD}`, `# get ${MOD}: ${CONNECTEX}`, `go: github.com/gin-gonic/gin@v1.9.1: ${CONNECTEX}`];

describe("analyze of a Git Bash log", () => {
  it("connectex (a Windows machine) under a MINGW64 prompt: POSIX fixes (export, /dev/null), no PowerShell", async () => {
    const r = await analyzeLines(GIT_BASH_TIMEOUT);
    expect(r.shell).toBe("posix");
    const all = commands(r);
    expect(all.some((c) => c.startsWith("export HTTPS_PROXY="))).toBe(true);
    expect(all.join("\n")).not.toMatch(/\$env:|curl\.exe|Select-String|\bNUL\b/);
  });

  it("look-alike: the same lines under a PowerShell prompt get PowerShell", async () => {
    const r = await analyzeLines(["PS C:\\src\\app> go mod download -x", ...GIT_BASH_TIMEOUT.slice(2)]);
    expect(r.shell).toBe("powershell");
    expect(commands(r).some((c) => c.startsWith("$env:HTTPS_PROXY"))).toBe(true);
  });

  it("the machine stays Windows: a DNS check is Windows' own (Resolve-DnsName), marked PowerShell and said so", async () => {
    const url = "https://goproxy.corp.test/github.com/gin-gonic/gin/@v/v1.9.1.mod";
    const dns = `Get "${url}": dial tcp: lookup goproxy.corp.test: no such host`;
    const r = await analyzeLines(["me@DESKTOP-4F2K MINGW64 /c/Users/me/src/app (main)", "$ go mod download", `go: github.com/gin-gonic/gin@v1.9.1: ${dns}`]);
    expect(r.shell).toBe("posix");
    const fix = r.findings.flatMap((f) => f.fixes).find((x) => x.commands.includes("Resolve-DnsName goproxy.corp.test"));
    expect(fix?.shell).toBe("powershell");
    expect(fix?.caution).toMatch(/run them in a PowerShell window, not in Git Bash/);
    expect(commands(r).join("\n")).not.toMatch(/getent|resolv\.conf/);
  });

  it("look-alike: a Linux log with the same DNS failure keeps getent, with no PowerShell anywhere", async () => {
    const url = "https://goproxy.corp.test/github.com/gin-gonic/gin/@v/v1.9.1.mod";
    const r = await analyzeLines(["me@host:~/src/app$ go mod download", `go: github.com/gin-gonic/gin@v1.9.1: Get "${url}": dial tcp: lookup goproxy.corp.test: no such host`]);
    expect(r.shell).toBe("posix");
    expect(commands(r)).toContain("getent hosts goproxy.corp.test");
    expect(r.findings.flatMap((f) => f.fixes).filter((x) => x.shell !== undefined)).toEqual([]);
  });
});
