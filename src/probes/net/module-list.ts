// After a proxy says one version of a module is not there (404/410): does it
// know the module at all? A list with versions means the proxy reads the
// repository, so the module is public and only that version is missing; an
// empty list or a 404 leaves "private" and "does not exist" both open.
import { compareSemver, SEMVER } from "../../util/semver.js";
import type { ModuleListFacts } from "../types.js";
import { httpGet, type HttpOptions } from "./http.js";
import { ANSWER_CAPS, judgeAnswer } from "./proxy-answer.js";

/** How many of the newest versions the facts keep (enough to show what to pick instead). */
const NEWEST = 3;

/** Pure: the list body read as the go command reads it (one version per line, invalid lines skipped). */
export function readListBody(body: string, version: string | undefined): Pick<ModuleListFacts, "versions" | "listsVersion" | "newest"> {
  const versions = [...new Set(body.split("\n").map((l) => l.trim().split(/\s+/, 1)[0]!).filter((v) => SEMVER.test(v)))];
  versions.sort((a, b) => compareSemver(b, a));
  return { versions: versions.length, ...(version ? { listsVersion: versions.includes(version) } : {}), newest: versions.slice(0, NEWEST) };
}

export async function readModuleList(listUrl: string, version: string | undefined, options: HttpOptions): Promise<ModuleListFacts> {
  const http = await httpGet(listUrl, { ...options, maxBytes: ANSWER_CAPS.list });
  const status = http.facts.status ?? 0;
  if (!http.facts.ok || status < 200 || status >= 300) return http.facts;
  const problem = judgeAnswer("list", http.body ?? "", { truncated: http.truncated === true, ...(http.contentType ? { contentType: http.contentType } : {}) });
  if (problem) return { ...http.facts, ok: false, code: problem.code, message: problem.message };
  return { ...http.facts, ...readListBody(http.body ?? "", version) };
}
