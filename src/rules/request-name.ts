// A module-protocol request named as a Go developer says it (`the zip of
// M@V`, `the version list of M`), and the one command that retries it.
import { decodeRequestUrl } from "../trace/url.js";
import type { Observation } from "./observe.js";

/** A request as a Go developer names it: `the zip of M@V`, `the version list of M`. */
export function requestName(url: string, bases: readonly string[]): string {
  const t = decodeRequestUrl(url, bases);
  if (!t.module) return url;
  const id = t.version ? `${t.module}@${t.version}` : t.module;
  switch (t.kind) {
    case "zip":
      return `the zip of ${id}`;
    case "mod":
      return `the go.mod of ${id}`;
    case "info":
      return `the .info of ${id}`;
    case "list":
      return `the version list of ${t.module}`;
    case "latest":
      return `${t.module}@latest`;
    case "toolchain": {
      // golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64 is how go downloads go1.99.0.
      const go = /-(go\d+(?:\.\d+)*(?:(?:rc|beta)\d+)?)\./.exec(t.version ?? "")?.[1];
      return go ? `the ${go} toolchain (${id})` : `the toolchain ${id}`;
    }
    default:
      return url;
  }
}

/** `go mod download -x M@V` for the one module these requests were for; the whole download otherwise. */
export function retryCommand(obs: Observation[], bases: readonly string[]): string {
  const targets = obs.map((o) => decodeRequestUrl(o.url, bases));
  // A version query (go get M@latest, go mod tidy) reads @v/list and @latest, which go mod download never asks for.
  const queried = new Set(targets.flatMap((t) => (t.module && (t.kind === "list" || t.kind === "latest") ? [t.module] : [])));
  if (queried.size === 1) return `go list -m -x ${[...queried][0]}@latest`;
  const ids = new Set(targets.flatMap((t) => (t.module && t.version ? [`${t.module}@${t.version}`] : [])));
  return ids.size === 1 ? `go mod download -x ${[...ids][0]}` : "go mod download -x";
}
