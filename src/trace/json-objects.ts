// `go mod download -json` prints pretty-printed JSON objects one after
// another (not JSON lines). This splits the text stream into objects by
// brace depth, outside strings, with a size cap per object.

export class JsonObjectSplitter {
  private buf = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private readonly maxObject: number;

  constructor(maxObject = 1024 * 1024) {
    this.maxObject = maxObject;
  }

  /** Feeds text; returns the objects completed by it (unparsable ones are dropped). */
  push(text: string): unknown[] {
    const out: unknown[] = [];
    for (const ch of text) {
      if (this.depth === 0) {
        if (ch !== "{") continue;
        this.buf = "";
      }
      this.buf += ch;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === "\\") this.escaped = true;
        else if (ch === '"') this.inString = false;
      } else if (ch === '"') {
        this.inString = true;
      } else if (ch === "{") {
        this.depth++;
      } else if (ch === "}") {
        this.depth--;
        if (this.depth === 0) {
          try {
            out.push(JSON.parse(this.buf));
          } catch {
            // not JSON after all: skip it
          }
          this.buf = "";
        }
      }
      if (this.buf.length > this.maxObject) {
        this.buf = "";
        this.depth = 0;
        this.inString = false;
      }
    }
    return out;
  }
}
