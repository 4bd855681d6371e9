/**
 * The first lines of a CSV file, read in the browser, so the mapping editor can offer the
 * file's own columns (and a few of their values) to choose from. Only for choosing: the
 * server reads the file.
 */

export interface CsvHead {
  /** The delimiter as a byte (`,` = 44), the form the mapping takes. */
  delimiter: number;
  /** The lines after `skipLines`, split into cells (at most 8). */
  lines: string[][];
}

export const DELIMITERS = [
  { byte: 44, label: "," },
  { byte: 59, label: ";" },
  { byte: 9, label: "Tab" },
  { byte: 124, label: "|" },
] as const;

/** Splits one line, with "quoted" cells and "" inside them. */
export function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (c === delimiter) {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** The delimiter the first lines agree on most. */
export function sniffDelimiter(lines: string[]): number {
  let best: number = DELIMITERS[0].byte;
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const ch = String.fromCharCode(d.byte);
    const counts = lines.slice(0, 10).map((l) => splitLine(l, ch).length - 1);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const agree = counts.filter((c) => c === first).length;
    const score = agree * 100 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d.byte;
    }
  }
  return best;
}

/** Reads the head of `file` (64 KB at most) with `delimiter`, or the one it seems to use. */
export async function readHead(file: File, skipLines: number, delimiter?: number): Promise<CsvHead> {
  const text = (await file.slice(0, 64 * 1024).text()).replace(/^\uFEFF/, "");
  const raw = text.split(/\r\n|\n|\r/).filter((l, i, all) => l.trim() !== "" || i < all.length - 1);
  const body = raw.slice(skipLines).filter((l) => l.trim() !== "");
  const d = delimiter ?? sniffDelimiter(body);
  const ch = String.fromCharCode(d);
  return { delimiter: d, lines: body.slice(0, 8).map((l) => splitLine(l, ch)) };
}
