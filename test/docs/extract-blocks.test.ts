import { describe, expect, it } from 'vitest';
import { compareOutput, quotesNumbers } from './compare-output.ts';
import { extractBlocks } from './extract-blocks.ts';

describe('extractBlocks', () => {
  it('reads each fence with its line, language, flags, attributes and reason', () => {
    const md = [
      '# Title', // 1
      '', // 2
      '```ts', // 3
      "import { MLP } from 'hyperprop';", // 4
      '```', // 5
      '', // 6
      '```sh no-run: installs packages', // 7
      'npm install', // 8
      '```', // 9
      '~~~text output backend=native tol=0.05', // 10
      '```', // 11  (a backtick line inside a tilde fence is content)
      '~~~', // 12
      '```sh test=walkthrough', // 13
      'npx hyperprop info', // 14
      '```', // 15
    ].join('\n');
    const blocks = extractBlocks(md);
    expect(blocks.map((b) => [b.line, b.lang])).toEqual([[3, 'ts'], [7, 'sh'], [10, 'text'], [13, 'sh']]);
    expect(blocks[0]!.text).toBe("import { MLP } from 'hyperprop';\n");
    expect(blocks[1]).toMatchObject({ flags: ['no-run'], reason: 'installs packages', text: 'npm install\n' });
    expect(blocks[2]).toMatchObject({ flags: ['output'], attrs: { backend: 'native', tol: '0.05' }, text: '```\n' });
    expect(blocks[3]!.attrs).toEqual({ test: 'walkthrough' });
  });

  it('strips an indented fence’s indentation, needs a long enough closing fence and runs an unclosed one to the end', () => {
    const md = ['- item', '  ```sh', '  npx hyperprop info', '    --json', '  ```', '````ts', '```', 'const a = 1;'].join('\n');
    const [indented, unclosed] = extractBlocks(md);
    expect(indented!.text).toBe('npx hyperprop info\n  --json\n');
    expect(unclosed).toMatchObject({ lang: 'ts', text: '```\nconst a = 1;\n' });
  });

  it('takes a fragment with no reason as one with an empty reason (the doc test refuses it)', () => {
    expect(extractBlocks('```ts fragment\nx\n```\n')[0]).toMatchObject({ flags: ['fragment'], reason: '' });
  });
});

describe('compareOutput', () => {
  const printed = 'epoch 1\nstopped: test loss 0.0739, test r2 0.9298\nbest 0.9112 (trial 10) units=64\n';

  it('finds quoted lines in order, with elisions, numbers within the tolerance', () => {
    expect(compareOutput(['… test loss 0.074, test r2 0.93', 'best 0.911… (trial 10) …'], printed, 0.02)).toEqual([]);
  });

  it('names a number out of tolerance, and a line never printed', () => {
    expect(compareOutput(['best 0.95 (trial 10)'], printed, 0.02)).toEqual([
      '0.95 quoted, 0.9112 printed (tolerance 2 %): "best 0.95 (trial 10)" vs "best 0.9112 (trial 10) units=64"',
    ]);
    expect(compareOutput(['best 0.9112 (trial 9)'], printed, 0.02)[0]).toMatch(/^9 quoted, 10 printed/);
    expect(compareOutput(['diverged at epoch 3'], printed, 0.02)).toEqual(['not printed (after output line 0): diverged at epoch 3']);
  });

  it('skips a line of the same shape whose numbers differ when a later one agrees', () => {
    expect(compareOutput(['row1 0.17'], 'row1 0.87\nrow1 0.17\n', 0.02)).toEqual([]);
    expect(compareOutput(['epoch 1', 'epoch 1'], 'epoch 1\n', 0.02)).toHaveLength(1);
  });

  it('says whether quoted output holds numbers', () => {
    expect(quotesNumbers(['wrote report xor.html'])).toBe(false);
    expect(quotesNumbers(['…', 'best 0.9112'])).toBe(true);
  });
});
