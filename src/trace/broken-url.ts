// Rejoins an error line that a paste (an issue thread, a narrow terminal)
// broke inside its URL: `... reading https://goproxy.io/sumdb/s` then
// `um.golang.org/tile/8/1/234: 404 Not Found` on the next line. The go command
// never ends a line with a bare URL after `reading`/`Get`: its errors go on
// with `: STATUS` or `: ERROR`, so such a line is cut, and the next line, if
// it is the URL's rest (no spaces before its `: `), is glued back on without
// a break. Saved logs only: go's own stderr is never cut so.
//
// Also a line a console or paste wrapped at a space after an error's `: `
// (`...: x509: ` then `     certificate signed by unknown authority`): go
// never ends a line with `: ` and a space, so the next line, indented with
// spaces and going on in lower case (not a `word:` of its own such as
// `fatal:` or `server response:`), is the rest of it.
//
// And a Windows socket error that a console wrapped at its width, mid-word
// (`wsarecv: An exist` then `ing connection was forcibly closed by the remote
// host.`): Windows' texts are sentences that end with a period, so one without
// it is cut, and a next line that finishes the sentence is glued back as it is.

/** A URL that an error line ends with, unfinished (nothing after it). */
const CUT_URL = /(?:reading |Get "?|fetching )https?:\/\/[^\s"]*$/;
/** The rest of a URL (a `/` or `.` in it: `go: ...` is a new line), then go's `: ` and what followed it. */
const URL_REST = /^[A-Za-z0-9_~%!$&'()*+,;=@?#[\]-]*[./][A-Za-z0-9._~%!$&'()*+,;=@/?#[\]-]*"?: \S/;
/** A network error's line (it names a URL) wrapped right after a `: `. */
const CUT_AFTER_COLON = /:\/\/.*: $/;
/** The wrapped rest: indented with spaces, lower case first, its first word no label (`fatal:`). */
const WRAPPED_REST = /^ +[a-z][a-z0-9-]*(?:$|[ ,.;()])/;
/** A Windows socket error's sentence (syscall name, then a capital), its closing period not reached. */
const CUT_WINDOWS_SENTENCE = /\b(?:wsarecv|wsasend|wsarecvfrom|wsasendto|connectex): [A-Z][^.]*$/;
/** The sentence's rest: plain words (maybe after the space the wrap fell on) up to its period. */
const SENTENCE_REST = /^ ?[a-z][a-zA-Z ,']*\.\s*$/;

export class BrokenUrlJoiner {
  private held: string | undefined;
  private readonly emit: (line: string) => void;

  /** @param emit called with each line ready to parse, in order */
  constructor(emit: (line: string) => void) {
    this.emit = emit;
  }

  push(line: string): void {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      if (URL_REST.test(line)) return this.push(held + line);
      if (held.endsWith(": ") && WRAPPED_REST.test(line)) return this.push(held + line.trimStart());
      if (SENTENCE_REST.test(line) && CUT_WINDOWS_SENTENCE.test(held)) return this.push(held + line.trimEnd());
      this.emit(held);
    }
    if (isCut(line)) this.held = line;
    else this.emit(line);
  }

  /** The end of the log: a cut line still waiting goes out as it is. */
  end(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.emit(held);
  }
}

function isCut(line: string): boolean {
  if (line.includes(": ", 20) && CUT_WINDOWS_SENTENCE.test(line)) return true;
  // `# get URL` (a request starting) ends with its URL; no `# ` line is an error line.
  return !(line.charCodeAt(0) === 35 /* # */ && line.charCodeAt(1) === 32) && line.includes("://") && (CUT_URL.test(line) || (line.endsWith(": ") && CUT_AFTER_COLON.test(line)));
}
