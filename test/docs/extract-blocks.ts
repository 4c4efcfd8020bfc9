// Fenced code blocks of a markdown file, with their info strings, by CommonMark's fence rules
// (no markdown parser is among the dependencies, and fences are all the doc test needs).
//
// The info string is `<lang> [word…]`. Words the doc test reads:
//   fragment <reason>   not a whole program: skipped, the reason is required
//   no-run <reason>     whole, but installs, serves or takes minutes: skipped, the reason is required
//   test=<name>         run by test/docs/<name>.test.ts instead
//   output              (on a `text` block) what the nearest run block above prints
//   backend=<name>      the backend the quoted numbers come from (the block runs on it)
//   tol=<relative>      how far a quoted number may be from the printed one (default 2 %)
//   timeout=<seconds>   how long the block may run (default 180)

export interface FencedBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The first word of the info string, lower case ('' when there is none). */
  lang: string;
  /** Bare words after the language (fragment, no-run, output, …), lower case. */
  flags: string[];
  /** key=value words of the info string. */
  attrs: Record<string, string>;
  /** The text after `fragment` or `no-run`, if the block has one of them. */
  reason?: string;
  /** The whole info string as written. */
  info: string;
  /** The block's content, with the fence's indentation removed. */
  text: string;
}

const OPENING = /^( *)(`{3,}|~{3,})(.*)$/;

function parseInfo(info: string): Pick<FencedBlock, 'lang' | 'flags' | 'attrs' | 'reason'> {
  const words = info.trim().split(/\s+/).filter((word) => word !== '');
  const lang = (words.shift() ?? '').toLowerCase();
  const flags: string[] = [];
  const attrs: Record<string, string> = {};
  let reason: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = word.replace(/:$/, '').toLowerCase();
    if (flag === 'fragment' || flag === 'no-run') {
      flags.push(flag);
      reason = words.slice(i + 1).join(' ').trim();
      break;
    }
    const eq = word.indexOf('=');
    if (eq > 0) attrs[word.slice(0, eq)] = word.slice(eq + 1);
    else flags.push(flag);
  }
  return reason === undefined ? { lang, flags, attrs } : { lang, flags, attrs, reason };
}

/**
 * Every fenced block of `markdown` in order. A fence may be indented (list items indent theirs);
 * its content loses up to that many leading spaces. An unclosed fence runs to the end, as in
 * CommonMark.
 */
export function extractBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const fence = open[2]!;
    const info = open[3]!.trim();
    // A backtick fence's info string may not hold a backtick (that is inline code).
    if (fence[0] === '`' && info.includes('`')) continue;
    const closing = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !closing.test(lines[j]!); j++) {
      const text = lines[j]!;
      const strip = Math.min(indent, text.length - text.trimStart().length);
      body.push(text.slice(strip));
    }
    blocks.push({ line: i + 1, info, text: body.length > 0 ? `${body.join('\n')}\n` : '', ...parseInfo(info) });
    i = j;
  }
  return blocks;
}
