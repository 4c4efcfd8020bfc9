// tune.reproducible: on by default, false turns it off, an object sets the logical clock; a bad
// value names the path, the rule and the value.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';

const config = (extra: object) => ({ data: { builtin: 'digits' }, tune: { trials: 2, ...extra } });

describe('tune.reproducible', () => {
  it('is on by default; false and { logicalWorkers } are kept', () => {
    expect(validateConfig(config({})).tune!.reproducible).toBe(true);
    expect(validateConfig(config({ reproducible: false })).tune!.reproducible).toBe(false);
    expect(validateConfig(config({ reproducible: { logicalWorkers: 8 } })).tune!.reproducible).toEqual({ logicalWorkers: 8 });
  });

  it('refuses a bad value, naming it', () => {
    for (const bad of [{ logicalWorkers: 0 }, { clock: 2 }, 'yes']) {
      let error: unknown;
      try {
        validateConfig(config({ reproducible: bad }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/tune\.reproducible/);
    }
  });
});
