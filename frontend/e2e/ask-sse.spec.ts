/**
 * The chat's `text/event-stream` reader on its own (no browser, no server): events split
 * anywhere across chunks, every kind of line end, comments, multi-line data.
 */
import { expect, test } from "@playwright/test";
import { createSseParser, type SseEvent } from "../src/features/ask/sse";

function feed(chunks: string[]): SseEvent[] {
  const parser = createSseParser();
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

const STREAM =
  ': keep-alive\n\n' +
  'event: tool\ndata: {"name":"spending","arguments":{},"summary":"x"}\n\n' +
  'event: delta\ndata: {"text":"You spent "}\n\n' +
  'event: delta\ndata: {"text":"12.00 EUR."}\n\n' +
  'event: answer\ndata: {"answer":"You spent 12.00 EUR."}\n\n';

const EXPECTED: SseEvent[] = [
  { event: "tool", data: '{"name":"spending","arguments":{},"summary":"x"}' },
  { event: "delta", data: '{"text":"You spent "}' },
  { event: "delta", data: '{"text":"12.00 EUR."}' },
  { event: "answer", data: '{"answer":"You spent 12.00 EUR."}' },
];

test("reads a whole stream in one chunk", () => {
  expect(feed([STREAM])).toEqual(EXPECTED);
});

test("reads the same stream split at every possible place", () => {
  for (let i = 1; i < STREAM.length; i++) {
    expect(feed([STREAM.slice(0, i), STREAM.slice(i)]), `split at ${i}`).toEqual(EXPECTED);
  }
  expect(feed([...STREAM])).toEqual(EXPECTED);
});

test("CRLF and CR line ends, a CRLF split between chunks", () => {
  const crlf = STREAM.replaceAll("\n", "\r\n");
  expect(feed([crlf])).toEqual(EXPECTED);
  for (let i = 1; i < crlf.length; i++) expect(feed([crlf.slice(0, i), crlf.slice(i)])).toEqual(EXPECTED);
  expect(feed([STREAM.replaceAll("\n", "\r")])).toEqual(EXPECTED);
});

test("joins data lines, keeps the space after the first, ignores comments, ids and unnamed fields", () => {
  const events = feed(["id: 7\nretry: 10\ndata:a\ndata:  b\n: note\nfoo: bar\n\n", "data\n\n", "event: x\n\n"]);
  expect(events).toEqual([
    { event: "message", data: "a\n b" },
    { event: "message", data: "" },
  ]);
});

test("an event cut off by the end of the stream is dropped", () => {
  expect(feed(['event: answer\ndata: {"answer":"half"}\n'])).toEqual([]);
});
