// A proxy's @v/list as the go command reads it, and versions newest first.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readListBody } from "../../src/probes/net/module-list.js";
import { compareSemver } from "../../src/util/semver.js";

describe("readListBody", () => {
  it("counts valid versions once, skips lines go skips, and keeps the newest three", () => {
    const body = "v1.2.0\nv1.10.0\n\nv1.2.0\nnot-a-version\nv1.10.0-rc.1 2023-01-01T00:00:00Z\nv2.0.0+incompatible\n";
    expect(readListBody(body, "v1.3.0")).toEqual({ versions: 4, listsVersion: false, newest: ["v2.0.0+incompatible", "v1.10.0", "v1.10.0-rc.1"] });
    expect(readListBody(body, "v1.2.0").listsVersion).toBe(true);
  });

  it("an empty list is a module without tags: zero versions", () => {
    expect(readListBody("", undefined)).toEqual({ versions: 0, newest: [] });
  });
});

describe("compareSemver", () => {
  it("orders as golang.org/x/mod/semver does", () => {
    const sorted = ["v0.0.0-20190101000000-abcdefabcdef", "v0.1.0-alpha", "v0.1.0-alpha.2", "v0.1.0-alpha.10", "v0.1.0-beta", "v0.1.0", "v0.9.0", "v0.10.0", "v1", "v1.0.1"];
    expect([...sorted].reverse().sort(compareSemver)).toEqual(sorted);
    expect(compareSemver("v1.0.0+incompatible", "v1.0.0")).toBe(0);
  });

  it("is antisymmetric on any pair of versions", () => {
    const version = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20), fc.option(fc.constantFrom("rc.1", "rc.2", "alpha", "0.2023")))
      .map(([a, b, c, pre]) => `v${a}.${b}.${c}${pre ? `-${pre}` : ""}`);
    fc.assert(fc.property(version, version, (a, b) => Math.sign(compareSemver(a, b)) === -Math.sign(compareSemver(b, a))));
  });
});
