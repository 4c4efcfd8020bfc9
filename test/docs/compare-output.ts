// Compares the output a doc quotes with what its command printed. A quoted line is text, numbers
// and elisions (… or ...): the text must appear as written (runs of spaces match any spacing),
// each number must be within a relative tolerance of the printed one, and an elision matches
// anything. Quoted lines are found in order, each on one printed line.

const NUMBER = String.raw`-?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?`;
const TOKEN = new RegExp(String.raw`(…|\.\.\.)|((?<![\w.])${NUMBER}(?![\w]))|(\s+)`, 'g');

interface Pattern {
  regex: RegExp;
  numbers: number[];
}

function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(line: string): Pattern | undefined {
  let source = '';
  const numbers: number[] = [];
  let last = 0;
  let literal = false;
  for (const match of line.matchAll(TOKEN)) {
    const chunk = line.slice(last, match.index);
    if (chunk !== '') literal = true;
    source += escape(chunk);
    if (match[1] !== undefined) source += '.*?';
    else if (match[2] !== undefined) {
      source += `((?<![\\w.])${NUMBER}(?![\\w]))`;
      numbers.push(parseNumber(match[2]));
    } else source += String.raw`\s+`;
    last = match.index + match[0].length;
  }
  const rest = line.slice(last);
  if (rest !== '') literal = true;
  source += escape(rest);
  // A line of elisions alone says "more output here": nothing to find.
  if (!literal && numbers.length === 0) return undefined;
  return { regex: new RegExp(source), numbers };
}

/** Whether the quoted lines hold a number (and so must name the backend that printed it). */
export function quotesNumbers(expected: string[]): boolean {
  return expected.some((line) => (compile(line.trim())?.numbers.length ?? 0) > 0);
}

/**
 * The problems with `actual` against the quoted lines (empty when it matches): a quoted line
 * found nowhere after the previous one, or a number out of tolerance.
 */
export function compareOutput(expected: string[], actual: string, tolerance: number): string[] {
  const printed = actual.split(/\r?\n/);
  const problems: string[] = [];
  let from = 0;
  for (const quoted of expected) {
    const pattern = compile(quoted.trim());
    if (!pattern) continue;
    // The first line whose numbers agree; else the first of the same shape, to say what differs.
    let shaped = -1;
    let found = -1;
    for (let i = from; i < printed.length && found < 0; i++) {
      const match = pattern.regex.exec(printed[i]!);
      if (!match) continue;
      if (shaped < 0) shaped = i;
      if (numberProblems(pattern.numbers, match, tolerance).length === 0) found = i;
    }
    if (found >= 0) {
      from = found + 1;
      continue;
    }
    if (shaped < 0) {
      problems.push(`not printed (after output line ${from}): ${quoted.trim()}`);
      continue;
    }
    const match = pattern.regex.exec(printed[shaped]!)!;
    problems.push(...numberProblems(pattern.numbers, match, tolerance).map((p) => `${p}: "${quoted.trim()}" vs "${printed[shaped]!.trim()}"`));
    from = shaped + 1;
  }
  return problems;
}

function numberProblems(quoted: number[], match: RegExpExecArray, tolerance: number): string[] {
  const problems: string[] = [];
  quoted.forEach((want, k) => {
    const got = parseNumber(match[k + 1]!);
    if (!(Math.abs(got - want) <= tolerance * Math.abs(want))) problems.push(`${want} quoted, ${got} printed (tolerance ${tolerance * 100} %)`);
  });
  return problems;
}
