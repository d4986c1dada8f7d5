import { describe, expect, it } from "vitest";
import { canPrompt, promptSettings, relevantInsteadOf } from "../../src/probes/vcs-settings.js";
import { netrcFacts } from "../../src/probes/netrc-facts.js";

describe("canPrompt", () => {
  it("is false with the go command's defaults (nothing set)", () => {
    expect(canPrompt({})).toBe(false);
    expect(canPrompt({ GIT_TERMINAL_PROMPT: "0", GCM_INTERACTIVE: "never" })).toBe(false);
    expect(canPrompt({ GIT_SSH_COMMAND: "ssh -i ~/.ssh/ci -o BatchMode=yes" })).toBe(false);
  });

  it("is true when the user re-enables prompts", () => {
    expect(canPrompt({ GIT_TERMINAL_PROMPT: "1" })).toBe(true);
    expect(canPrompt({ GIT_SSH_COMMAND: "ssh -i ~/.ssh/id_ed25519" })).toBe(true);
    expect(canPrompt({ GIT_SSH: "/usr/local/bin/my-ssh" })).toBe(true);
    expect(canPrompt({ GCM_INTERACTIVE: "always" })).toBe(true);
  });
});

describe("promptSettings", () => {
  it("lists what the user set, redacted", () => {
    expect(promptSettings({ GIT_TERMINAL_PROMPT: "1", GIT_ASKPASS: "/bin/askpass", HOME: "/root" })).toEqual({ GIT_TERMINAL_PROMPT: "1", GIT_ASKPASS: "/bin/askpass" });
    expect(JSON.stringify(promptSettings({ GIT_SSH_COMMAND: "ssh -o ProxyCommand='curl https://u:s3cret@jump'" }))).not.toContain("s3cret");
  });
});

describe("netrcFacts", () => {
  it("says whether the host has an entry and a password, never the password", () => {
    const entries = [{ machine: "git.corp.example", login: "me", hasPassword: true }];
    expect(netrcFacts("/home/me/.netrc", entries, "GIT.corp.example")).toEqual({ file: "/home/me/.netrc", hasHost: true, hasPassword: true });
    expect(netrcFacts("/home/me/.netrc", entries, "other.example")).toEqual({ file: "/home/me/.netrc", hasHost: false, hasPassword: false });
    expect(netrcFacts(undefined, undefined, "x")).toEqual({ hasHost: false, hasPassword: false });
  });
});

describe("relevantInsteadOf", () => {
  it("keeps rules that touch the host or rewrite the repository", () => {
    const rules = [
      { from: "https://git.corp.example/", to: "ssh://git@git.corp.example/" },
      { from: "https://github.com/", to: "git@github.com:" },
      { from: "https://x/", to: "https://tok:abc123secret@git.corp.example/" },
    ];
    const kept = relevantInsteadOf(rules, "git.corp.example", "https://git.corp.example/team/lib.git");
    expect(kept.map((r) => r.from)).toEqual(["https://git.corp.example/", "https://x/"]);
    expect(JSON.stringify(kept)).not.toContain("abc123secret");
  });
});
