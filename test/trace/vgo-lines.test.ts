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
