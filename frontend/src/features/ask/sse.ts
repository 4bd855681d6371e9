/**
 * A reader of `text/event-stream` (the WHATWG "server-sent events" format), fed the
 * response body's text in whatever pieces the network delivers: an event, a line or even a
 * `\r\n` may be split across two chunks. Pure (no DOM, no imports), so the browser tests
 * run it on its own too (`e2e/ask-sse.spec.ts`).
 *
 * Per the format: lines end in `\n`, `\r\n` or `\r`; a blank line ends an event; `event:`
 * names it (`message` when absent); `data:` lines join with `\n`; one space after the colon
 * is dropped; lines starting with `:` are comments (keep-alives); an event with no data is
 * not dispatched; `id:` and `retry:` are ignored here (the chat never reconnects by itself).
 */
export interface SseEvent {
  event: string;
  data: string;
}

export interface SseParser {
  /** Takes the next piece of text; answers the events it completed, in order. */
  push(chunk: string): SseEvent[];
  /** The stream ended: an event without its closing blank line is dropped, as browsers do. */
  end(): SseEvent[];
}

export function createSseParser(): SseParser {
  let buffer = "";
  /** The last chunk ended in `\r`: a `\n` opening the next one belongs to that line end. */
  let pendingCr = false;
  let event = "";
  let data: string[] = [];

  function line(text: string, out: SseEvent[]) {
    if (text === "") {
      if (data.length > 0) out.push({ event: event || "message", data: data.join("\n") });
      event = "";
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }

  return {
    push(chunk) {
      const out: SseEvent[] = [];
      let text = chunk;
      if (pendingCr && text.startsWith("\n")) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== "\n" && c !== "\r") continue;
        line(buffer.slice(start, i), out);
        if (c === "\r") {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === "\n") i++;
          } else {
            pendingCr = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    end() {
      buffer = "";
      event = "";
      data = [];
      return [];
    },
  };
}
