// `go mod download -json` results (stdout) as module-result events.
import { StringDecoder } from "node:string_decoder";
import type { Event } from "../trace/events.js";
import { JsonObjectSplitter, moduleResultEvent } from "../trace/json-objects.js";

export async function* moduleResultEvents(stream: AsyncIterable<Buffer | string>, now: () => number): AsyncGenerator<Event> {
  const splitter = new JsonObjectSplitter();
  const decoder = new StringDecoder("utf8");
  for await (const chunk of stream) {
    for (const obj of splitter.push(typeof chunk === "string" ? chunk : decoder.write(chunk))) {
      const event = moduleResultEvent(obj, now());
      if (event) yield event;
    }
  }
}
