// Config files are untrusted input: refused before reading when they are not regular files or
// are too large, never quoted in errors, and YAML alias bombs are ConfigErrors.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';
import { errorOfType } from '../fixtures/error-of.ts';
import { nonRegularFiles } from '../fixtures/non-regular-files.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

const { dir, write: file } = tempFolder('hyperprop-load-config-');


const configErrorOf = (fn: () => unknown): ConfigError => errorOfType(ConfigError, fn);

const SECRET = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';

/** Nine aliases of nine aliases ... : 9^7 nodes once expanded, from a 400-byte file. */
const ALIAS_BOMB = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');

describe('loadConfig', () => {
  it('refuses a FIFO, a device, a directory and an oversize file before reading, within 100 ms', () => {
    const cases = nonRegularFiles(dir, 'config', 4 * 1024 ** 2);
    for (const [path, rule] of cases) {
      // The fastest of three: a refusal that reads nothing takes well under a millisecond, and
      // a busy machine's pauses stay out of the figure (reading /dev/zero or a FIFO never ends).
      let fastest = Infinity;
      for (let attempt = 0; attempt < 3; attempt++) {
        const start = performance.now();
        const error = configErrorOf(() => loadConfig(path));
        fastest = Math.min(fastest, performance.now() - start);
        expect(error.message).toBe(`${path}: config file ${rule}`);
      }
      expect(fastest, path).toBeLessThan(100);
    }
  });

  it('never quotes the content of a file that is not a config', () => {
    const cases: [string, string, string][] = [
      ['passwd.yaml', SECRET, `config file must hold a mapping of sections (data, model, training, tune, report), got a string of ${SECRET.trim().replace('\n', ' ').length} characters`],
      ['passwd.json', SECRET, 'invalid JSON at line 1, column 1: unexpected character'],
      ['list.yaml', '- s3cr3t\n- hunter2\n', 'config file must hold a mapping of sections (data, model, training, tune, report), got an array of 2 items'],
      ['empty.yaml', '', 'config file must hold a mapping of sections (data, model, training, tune, report), got an empty document'],
      ['reserved.yaml', 'data: @s3cr3t hunter2\n', 'invalid YAML at line 1, column 7: a plain value must not start with a reserved character (quote it)'],
      ['escape.yaml', 'data: "s3cr3t \\q hunter2"\n', 'invalid YAML at line 1, column 15: a double-quoted string must use valid escape sequences'],
      ['alias.yaml', 'data: *s3cr3t\n', 'invalid YAML: an alias must refer to an anchor defined before it'],
    ];
    for (const [name, content, message] of cases) {
      const path = file(name, content);
      const error = configErrorOf(() => loadConfig(path));
      expect(error.message, name).toBe(`${path}: ${message}`);
      expect(error.message, name).not.toMatch(/root|daemon|s3cr3t|hunter2/);
    }
  });

  it('keeps the messages of YAML errors that quote nothing', () => {
    const path = file('nested.yaml', 'data:\n  builtin: iris\n   scaling: none\n');
    expect(configErrorOf(() => loadConfig(path)).message).toMatch(/: invalid YAML at line 2, column \d+: Nested mappings are not allowed in compact mappings$/);
  });

  it('refuses a YAML alias bomb with a ConfigError, quickly and without expanding it', () => {
    const path = file('bomb.yaml', ALIAS_BOMB);
    const start = performance.now();
    const error = configErrorOf(() => loadConfig(path));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(error.message).toBe(`${path}: config must not expand YAML aliases more than 100 times (an alias bomb would exhaust the memory), got more`);
    expect(error.issues).toEqual([{ path: 'config', message: expect.stringContaining('aliases') }]);
  });

  it('still reads aliases used in moderation', () => {
    const path = file('aliases.yaml', 'data: { builtin: iris }\nmodel: { hidden: [&layer { units: 4 }, *layer] }\n');
    expect(loadConfig(path).config.model.hidden).toHaveLength(2);
  });
});
