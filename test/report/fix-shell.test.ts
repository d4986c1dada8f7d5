// Fixes rewritten for PowerShell as a whole: every command translated (with the
// cautions PowerShell needs), or the fix left in POSIX form and marked so.
import { describe, expect, it } from "vitest";
import { findingsForShell, fixForPowerShell, hostShell } from "../../src/report/fix-shell.js";
import { netrcFix } from "../../src/rules/fixes.js";
import type { Finding } from "../../src/report/schema.js";

describe("fixForPowerShell", () => {
  it("a VAR=value prefix gets a caution: $env: stays set for the session", () => {
    const fix = fixForPowerShell({ summary: "Try the public proxy", commands: ["GOPROXY=https://proxy.golang.org,direct go mod download"], caution: "A note." });
    expect(fix.commands).toEqual(["$env:GOPROXY = 'https://proxy.golang.org,direct'; go mod download"]);
    expect(fix.caution).toMatch(/^A note\. In PowerShell `\$env:GOPROXY = \.\.\.` stays set for the rest of the session: .*`Remove-Item Env:GOPROXY`/);
    expect(fix.shell).toBeUndefined();
  });

  it("the netrc fix writes $HOME\\_netrc, drops chmod and says which file go reads", () => {
    const fix = fixForPowerShell(netrcFix("git.corp.test"));
    expect(fix.commands).toEqual(["Add-Content -Path $HOME\\_netrc -Value 'machine git.corp.test login <USER> password <TOKEN>'"]);
    expect(fix.summary).toBe("Give the go command (and git over https) credentials for git.corp.test in $HOME\\_netrc");
    expect(fix.caution).toContain("%USERPROFILE%\\_netrc");
    expect(fix.caution).not.toContain("~/.netrc");
    const existing = fixForPowerShell(netrcFix("git.corp.test", { hasHost: true, hasPassword: true } as never));
    expect(existing.commands).toEqual(["Select-String -Pattern 'machine git.corp.test' -Path $HOME\\_netrc -CaseSensitive", "notepad $HOME\\_netrc"]);
  });

  it("one command without a PowerShell form leaves the whole fix as it was, marked posix", () => {
    const posix = { summary: "Check DNS", commands: ["cat /etc/resolv.conf", "go env GOPROXY"], caution: "Why." };
    expect(fixForPowerShell(posix)).toEqual({ ...posix, caution: expect.stringMatching(/^Why\. These commands are for a POSIX shell \(Git Bash or WSL/), shell: "posix" });
  });

  it("plain go commands are unchanged and carry no note", () => {
    const fix = { summary: "Retry", commands: ["go clean -modcache", "go mod download -x"] };
    expect(fixForPowerShell(fix)).toEqual(fix);
  });
});

describe("findingsForShell / hostShell", () => {
  const finding: Finding = { code: "GMD101", name: "x", severity: "blocker", confidence: 1, title: "t", why: "w", evidence: [], fixes: [{ summary: "s", commands: ["unset GOPROXY", "go env GOPROXY"] }] };
  it("posix leaves findings as the rules wrote them; powershell rewrites their fixes", () => {
    expect(findingsForShell([finding], "posix")).toEqual([finding]);
    expect(findingsForShell([finding], "powershell")[0]!.fixes[0]!.commands).toEqual(["Remove-Item Env:GOPROXY -ErrorAction SilentlyContinue", "go env GOPROXY"]);
  });
  it("a run on Windows is a PowerShell report", () => {
    expect(hostShell("win32")).toBe("powershell");
    expect(hostShell("linux")).toBe("posix");
    expect(hostShell("darwin")).toBe("posix");
  });
});

describe("renderers name the shell", () => {
  it("the job summary fences PowerShell commands as powershell, a fix left POSIX as sh", async () => {
    const { renderStepSummary } = await import("../../src/report/github.js");
    const { renderHuman } = await import("../../src/report/human.js");
    const { secretReport } = await import("./fixture-report.js");
    const base = secretReport();
    const fixes = [{ summary: "a", commands: ["$env:GOPROXY = 'direct'; go mod download"] }, { summary: "b", commands: ["cat /etc/resolv.conf"], shell: "posix" as const }];
    const report = { ...base, shell: "powershell" as const, findings: [{ ...base.findings[0]!, fixes }] };
    const md = renderStepSummary(report);
    expect(md).toContain("```powershell\n$env:GOPROXY = 'direct'; go mod download\n```");
    expect(md).toContain("```sh\ncat /etc/resolv.conf\n```");
    expect(renderHuman(report, { color: false, verbose: false })).toContain("fix commands are for PowerShell");
    expect(renderHuman(base, { color: false, verbose: false })).not.toContain("PowerShell");
  });
});
