// `go mod download -json` prints pretty-printed JSON objects one after
// another (not JSON lines), and only when every download has ended. This
// splits the text stream into objects by brace depth, outside strings, with
// a size cap per object, and turns each into a module-result event.
import type { Event } from "./events.js";

export class JsonObjectSplitter {
  private buf: string[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The current object outgrew maxObject: track depth, keep nothing, emit nothing. */
  private skipping = false;
  private readonly maxObject: number;

  constructor(maxObject = 1024 * 1024) {
    this.maxObject = maxObject;
  }

  /** Feeds text; returns the objects completed by it (unparsable or oversized ones are dropped). */
  push(text: string): unknown[] {
    const out: unknown[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.depth === 0) {
        if (c !== 123 /* { */) continue;
        from = i;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) {
        this.inString = true;
      } else if (c === 123) {
        this.depth++;
      } else if (c === 125 /* } */) {
        this.depth--;
        if (this.depth === 0) {
          this.append(text, from, i + 1);
          if (!this.skipping) {
            try {
              out.push(JSON.parse(this.buf.join("")));
            } catch {
              // not JSON after all: skip it
            }
          }
          this.reset();
        }
      }
    }
    if (this.depth > 0) this.append(text, from, text.length);
    return out;
  }

  private append(text: string, from: number, to: number): void {
    if (this.skipping) return;
    this.size += to - from;
    if (this.size > this.maxObject) {
      this.skipping = true;
      this.buf = [];
    } else {
      this.buf.push(text.slice(from, to));
    }
  }

  private reset(): void {
    this.buf = [];
    this.size = 0;
    this.skipping = false;
  }
}

/** One `go mod download -json` object as a module-result event (undefined when it names no module). */
export function moduleResultEvent(value: unknown, t: number): Event | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const obj = value as { Path?: unknown; Version?: unknown; Error?: unknown };
  if (typeof obj.Path !== "string") return undefined;
  const version = typeof obj.Version === "string" ? obj.Version : "";
  const error = typeof obj.Error === "string" && obj.Error !== "" ? obj.Error : undefined;
  return { t, kind: "module-result", module: obj.Path, version, ...(error ? { error } : {}) };
}
