// Is a 200 answer to a protocol request really a module proxy's (or a
// checksum database's) answer? A captive portal's login page, a corporate
// proxy's error page or a body without end come back as 200 too; the go
// command then fails on it (`invalid character '<'`), or reads for ever, so a
// probe must not call it ok. Pure: body text in, verdict out.
import { CANONICAL_VERSION, SEMVER } from "../../util/semver.js";
import { PROBE_CODES } from "./errors.js";

/** `.info`, `@latest` (JSON with a Version), `@v/list` (version lines), the database's signed tree head. */
export type AnswerKind = "info" | "latest" | "list" | "sumdb-latest";

/** How much of each answer is read before it counts as "larger than any real one". */
export const ANSWER_CAPS: Record<AnswerKind, number> = {
  info: 64 * 1024,
  latest: 64 * 1024,
  // ~25,000 versions; the longest real lists hold a few thousand.
  list: 256 * 1024,
  "sumdb-latest": 64 * 1024,
};

const NAMES: Record<AnswerKind, string> = { info: "the .info answer", latest: "the @latest answer", list: "the @v/list answer", "sumdb-latest": "the /latest answer" };

/** The protocol answer a request URL asks for, if it is one we can judge. */
export function answerKind(url: string): AnswerKind | undefined {
  const path = url.split(/[?#]/, 1)[0]!;
  if (/\/@v\/[^/]+\.info$/.test(path)) return "info";
  if (path.endsWith("/@v/list")) return "list";
  if (path.endsWith("/@latest")) return "latest";
  return undefined;
}

export interface AnswerRead {
  /** The read stopped at the cap with the body still going. */
  truncated: boolean;
  contentType?: string;
  /** For `.info`: the version asked for (the go command rejects an answer for another one). */
  version?: string;
}

export interface AnswerProblem {
  code: string;
  message: string;
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KiB`;
}

/**
 * At most `chars` characters of `text`, anything but printable ASCII shown as "?" (line breaks and tabs too,
 * unless `breaks`): a server chooses these bytes, and they end up on a terminal.
 */
export function printable(text: string, chars = 120, breaks = false): string {
  return text.slice(0, chars).replace(breaks ? /[^\x20-\x7e\n\r\t]/g : /[^\x20-\x7e]/g, "?");
}

/** The first few characters, quoted, anything but printable ASCII shown as "?": what a person sees of a strange answer. */
export function quoteStart(body: string, chars = 40): string {
  return JSON.stringify(printable(body.trimStart(), chars, true)) + (body.trimStart().length > chars ? "..." : "");
}

export function htmlTitle(body: string): string | undefined {
  const title = /<title[^>]*>([^<]{1,120})/i.exec(body)?.[1]?.trim().replace(/\s+/g, " ");
  return title ? printable(title) : undefined;
}

/** The line of a body worth quoting: an HTML page's title, else its first non-empty line (capped, printable). */
export function quotableLine(body: string | undefined, chars = 160): string | undefined {
  if (!body) return undefined;
  const line = htmlTitle(body) || body.split("\n").map((l) => l.trim()).find((l) => l !== "");
  return line ? printable(line, chars) : undefined;
}

/** The server's own reason phrase of its status line (HTTP/1.x; HTTP/2 has none), bounded and printable, when it sent one. */
export function reasonPhrase(statusText: string | undefined): string | undefined {
  const reason = statusText?.trim();
  return reason ? printable(reason, 60) : undefined;
}

function isHtml(body: string, contentType: string | undefined): boolean {
  return /^\s*text\/html\b/i.test(contentType ?? "") || /^\s*(<!doctype html|<html\b|<head\b|<body\b|<!--|<\?xml)/i.test(body);
}

function notProxy(kind: AnswerKind, why: string): AnswerProblem {
  return { code: PROBE_CODES.notProxyAnswer, message: `${NAMES[kind]} ${why}: not a ${kind === "sumdb-latest" ? "checksum database" : "module proxy"}'s answer` };
}

function wrongVersion(v: string, version: string): AnswerProblem {
  return { code: PROBE_CODES.wrongVersion, message: `the .info answer is for version ${JSON.stringify(v.slice(0, 80))}, not the ${version} asked for` };
}

function judgeInfo(kind: "info" | "latest", body: string, version: string | undefined): AnswerProblem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // An object that breaks off or does not parse is a proxy's own answer, cut or corrupt (a partly written file in its storage), not a page in its place.
    if (/^\s*\{/.test(body)) return { code: PROBE_CODES.cutAnswer, message: `${NAMES[kind]} is JSON that ${/\}\s*$/.test(body) ? "does not parse" : "breaks off"} (it reads ${quoteStart(body)})` };
    return notProxy(kind, `is not JSON (it starts ${quoteStart(body)})`);
  }
  const v = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { Version?: unknown }).Version : undefined;
  if (typeof v !== "string" || v === "") return notProxy(kind, `is JSON without a Version (it starts ${quoteStart(body)})`);
  if (kind === "info" && version && CANONICAL_VERSION.test(version) && v !== version) {
    return wrongVersion(v, version);
  }
  return undefined;
}

/** A problem with a 2xx answer, or undefined when it is one a client can use. */
export function judgeAnswer(kind: AnswerKind, body: string, read: AnswerRead): AnswerProblem | undefined {
  if (read.truncated) {
    return { code: PROBE_CODES.answerTooLarge, message: `${NAMES[kind]} was larger than ${kib(ANSWER_CAPS[kind])} and still going: not a ${kind === "sumdb-latest" ? "checksum database" : "module proxy"}'s answer` };
  }
  if (isHtml(body, read.contentType)) {
    const title = htmlTitle(body);
    return notProxy(kind, `is an HTML page${title ? ` ("${title}")` : ""}, as a login page, a captive portal or a proxy's error page sends`);
  }
  switch (kind) {
    case "info":
    case "latest":
      return judgeInfo(kind, body, read.version);
    case "list": {
      const lines = body.split("\n").map((l) => l.trim()).filter((l) => l !== "");
      // An empty list is a module without tagged versions; lines go does not understand it skips.
      if (lines.length === 0 || lines.some((l) => SEMVER.test(l.split(/\s+/, 1)[0]!))) return undefined;
      return notProxy(kind, `holds no version (it starts ${quoteStart(body)})`);
    }
    case "sumdb-latest":
      // tlog.FormatTree: the signed note's text always starts so.
      return body.startsWith("go.sum database tree\n") ? undefined : notProxy(kind, `is not a signed tree head (it starts ${quoteStart(body)})`);
  }
}
