// vgo (2018, JFrog CLI ran it) named a module and version as `MOD VER: `, a
// space where go later wrote `@`: the parser reads them as it reads `MOD@VER: `.
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Event } from "../../src/trace/events.js";
import { bothDetectors } from "../stall/both-detectors.js";

const p = (line: string) => parseTraceLine(line, 0);
const VGO_404 = "vgo: rsc.io/quote v1.5.2: unexpected status (https://<user>:<pw>@cyrusbio.jfrog.io/cyrusbio/api/go/go-virtual/rsc.io/quote/@v/v1.5.2.mod): 404 Not Found";

describe("vgo's `MOD VER: ` names the module and version", () => {
  it("a release and a pseudo-version", () => {
    expect(p(VGO_404)).toEqual({ t: 0, kind: "go-error", message: VGO_404, module: "rsc.io/quote", version: "v1.5.2" });
    expect(p("vgo: github.com/a/b v0.0.0-20180101000000-abcdefabcdef: unknown revision abcdefabcdef")).toMatchObject({
      kind: "go-error",
      module: "github.com/a/b",
      version: "v0.0.0-20180101000000-abcdefabcdef",
    });
  });

  it("the detector records the module's error under that module and version", () => {
    const { pure, inPlace } = bothDetectors([p(VGO_404)].filter((e): e is Event => e !== undefined));
    for (const s of [pure, inPlace]) {
      expect(s.errors[0]).toMatchObject({ module: "rsc.io/quote", version: "v1.5.2" });
    }
  });

  it("look-alikes name none: vgo's line without a module, a word that is no version, progress, a host with no dot", () => {
    for (const line of [
      "vgo: unexpected status (https://x.test/rsc.io/quote/@v/v1.5.2.mod): 404 Not Found",
      "go: example.com v1 is old: see the docs",
      "go: mymod v1.0.0: something",
    ]) {
      expect(p(line), line).not.toHaveProperty("module");
    }
    expect(p("go: finding rsc.io/quote v1.5.2")).toMatchObject({ kind: "output" });
  });
});

describe("go1.11's bare `MOD VER: ERR` (no `go: ` or `vgo: ` prefix) is an error of that module and version", () => {
  const STATUS = "rsc.io/quote v1.5.2: unexpected status (https://goproxy.corp.test/rsc.io/quote/@v/v1.5.2.info): 404 Not Found";
  const GIT = "golang.org/x/text v0.3.0: git fetch -f https://go.googlesource.com/text refs/heads/*:refs/heads/* refs/tags/*:refs/tags/* in /root/go/pkg/mod/cache/vcs/4b2c: exit status 128:";

  it("a proxy's unexpected status, a git failure, an unknown revision of a pseudo-version, an upper-case +incompatible path", () => {
    expect(p(STATUS)).toEqual({ t: 0, kind: "go-error", message: STATUS, module: "rsc.io/quote", version: "v1.5.2" });
    expect(p(GIT)).toEqual({ t: 0, kind: "go-error", message: GIT, module: "golang.org/x/text", version: "v0.3.0" });
    expect(p("github.com/a/b v0.0.0-20180101000000-abcdefabcdef: unknown revision abcdefabcdef")).toMatchObject({
      kind: "go-error",
      module: "github.com/a/b",
      version: "v0.0.0-20180101000000-abcdefabcdef",
    });
    expect(p("github.com/Azure/go-autorest v10.15.4+incompatible: unexpected status (https://goproxy.corp.test/github.com/!azure/go-autorest/@v/v10.15.4+incompatible.mod): 410 Gone")).toMatchObject({
      kind: "go-error",
      module: "github.com/Azure/go-autorest",
      version: "v10.15.4+incompatible",
    });
  });

  it("git's lines under it stay its details, and the detector files the error under the module", () => {
    const events = [GIT, "\tfatal: unable to access 'https://go.googlesource.com/text/': Could not resolve host: go.googlesource.com"].map(p).filter((e): e is Event => e !== undefined);
    expect(events[1]).toMatchObject({ kind: "go-error-detail" });
    const { pure, inPlace } = bothDetectors(events);
    for (const s of [pure, inPlace]) expect(s.errors[0]).toMatchObject({ module: "golang.org/x/text", version: "v0.3.0" });
  });

  it("ordinary lines stay what they are: go's progress, -x requests and commands, another tool's `MOD VER: ` words", () => {
    expect(p("go: downloading rsc.io/quote v1.5.2")).toMatchObject({ kind: "downloading" });
    expect(p("go: finding golang.org/x/text v0.3.0")).toMatchObject({ kind: "output" });
    expect(p("# get https://proxy.golang.org/rsc.io/quote/@v/v1.5.2.mod")).toMatchObject({ kind: "http-start" });
    expect(p("cd /root/go/pkg/mod/cache/vcs/4b2c; git fetch -f https://go.googlesource.com/text refs/tags/v0.3.0:refs/tags/v0.3.0")).toMatchObject({ kind: "vcs-start" });
    for (const line of ["github.com/foo/bar v1.2.3: MIT", "rsc.io/quote v1.5.2: sha256-0gBnHhJbJBmC5NkqSkc1b4HZ3g1Yp6f1FGqCGdDbNfI=", "github.com/foo/bar v1.2.3: updated"]) {
      expect(p(line), line).toMatchObject({ kind: "output" });
    }
  });
});
