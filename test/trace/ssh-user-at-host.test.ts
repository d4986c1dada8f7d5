// ssh's `USER@HOST: ` head (`git@github.com: Permission denied (publickey).`)
// is ssh naming whom it logged in as, not go's `MOD@VER: `: the parser names
// no module for it, so a go error keeps the module its own line named.
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Event } from "../../src/trace/events.js";
import { bothDetectors } from "../stall/both-detectors.js";

const p = (line: string) => parseTraceLine(line, 0);

describe("ssh's user@host head is not a module", () => {
  it("indented, unindented, behind `go: `, with a dotted corporate host: no module, no version", () => {
    for (const line of [
      "\tgit@github.com: Permission denied (publickey).",
      "        git@github.com: Permission denied (publickey).",
      "go: git@github.com: Permission denied (publickey).",
      "\tgit@gitlab.corp.test: Permission denied (publickey,password).",
      "\torg-123@ssh.dev.azure.com: Permission denied (publickey).",
    ]) {
      const e = p(line);
      expect(e, line).toMatchObject({ message: expect.stringContaining("Permission denied") });
      expect(e, line).not.toHaveProperty("module");
      expect(e, line).not.toHaveProperty("version");
    }
  });

  it("the go error above ssh's line keeps its module and version", () => {
    const events = [
      "go: github.com/acme/private@v1.2.0: git ls-remote -q origin in /go/pkg/mod/cache/vcs/ab12: exit status 128:",
      "\tgit@github.com: Permission denied (publickey).",
      "\tfatal: Could not read from remote repository.",
    ].map(p).filter((e): e is Event => e !== undefined);
    const { pure, inPlace } = bothDetectors(events);
    for (const s of [pure, inPlace]) {
      expect(s.errors).toHaveLength(1);
      expect(s.errors[0]).toMatchObject({ module: "github.com/acme/private", version: "v1.2.0" });
    }
  });

  it("look-alikes keep their module: a dotless local module at a version, a branch query, a module path", () => {
    expect(p("go: mymod@v1.2.3: reading mymod/go.mod: 404")).toMatchObject({ module: "mymod", version: "v1.2.3" });
    expect(p("go: foo@master: invalid version: unknown revision master")).toMatchObject({ module: "foo", version: "master" });
    expect(p("\tgolang.org/x/net@v0.1.0: unknown revision v0.1.0")).toMatchObject({ module: "golang.org/x/net", version: "v0.1.0" });
  });
});
