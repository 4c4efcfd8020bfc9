// The sessions' startup options and the URL the pool connects with, without a server: the
// storage's search_path always, the user's own ?options= kept in front of it, synchronous_commit
// from the URL or the options (once), and the URL left byte for byte as given when it carries
// none of the storage's parameters. postgres-commit.test.ts checks what a server makes of them.
import { describe, expect, it } from 'vitest';
import { sessionOptions } from '../../../../src/tune/storage/postgres/session-options.ts';

const URL_ = 'postgresql://u:p@h:5432/db';

describe('sessionOptions', () => {
  it('sets the search_path alone and leaves the URL as given when nothing else is asked', () => {
    expect(sessionOptions(URL_, 'hp', undefined)).toEqual({ url: URL_, options: '-c search_path=hp' });
    // Other query parameters do not make the URL parsed and rewritten.
    expect(sessionOptions(`${URL_}?sslmode=disable&application_name=a%20b`, 'hp', undefined)).toEqual({ url: `${URL_}?sslmode=disable&application_name=a%20b`, options: '-c search_path=hp' });
  });

  it('adds synchronous_commit from the options, leaving the URL alone', () => {
    expect(sessionOptions(URL_, 'hp', 'off')).toEqual({ url: URL_, options: '-c search_path=hp -c synchronous_commit=off' });
    expect(sessionOptions(`${URL_}?sslmode=disable`, 'hp', 'remote_apply')).toEqual({ url: `${URL_}?sslmode=disable`, options: '-c search_path=hp -c synchronous_commit=remote_apply' });
  });

  it("moves the URL's synchronous_commit and options into the startup options, keeping its other parameters", () => {
    expect(sessionOptions(`${URL_}?synchronous_commit=local&sslmode=disable`, 'hp', undefined)).toEqual({ url: `${URL_}?sslmode=disable`, options: '-c search_path=hp -c synchronous_commit=local' });
    expect(sessionOptions(`${URL_}?options=-c%20work_mem%3D64MB`, 'hp', 'on')).toEqual({ url: URL_, options: '-c work_mem=64MB -c search_path=hp -c synchronous_commit=on' });
    expect(sessionOptions(`${URL_}?options=&synchronous_commit=off`, 'hp', undefined)).toEqual({ url: URL_, options: '-c search_path=hp -c synchronous_commit=off' });
  });

  it('names a bad value, a value given twice, and a URL with parameters that does not parse', () => {
    const allowed = '"on", "off", "local", "remote_write", "remote_apply"';
    expect(() => sessionOptions(URL_, 'hp', 'OFF')).toThrow(new TypeError(`PostgresStorage: options.synchronousCommit must be one of ${allowed}, got "OFF"`));
    expect(() => sessionOptions(URL_, 'hp', null)).toThrow(new TypeError(`PostgresStorage: options.synchronousCommit must be one of ${allowed}, got null`));
    expect(() => sessionOptions(`${URL_}?synchronous_commit=`, 'hp', undefined)).toThrow(new TypeError(`PostgresStorage: the URL's synchronous_commit must be one of ${allowed}, got ""`));
    expect(() => sessionOptions(`${URL_}?synchronous_commit=on`, 'hp', 'on')).toThrow(
      new TypeError('PostgresStorage: synchronous_commit must be given once (the URL\'s or options.synchronousCommit), got "on" in the URL and "on" in options'),
    );
    expect(() => sessionOptions('not a url?options=x', 'hp', undefined)).toThrow(
      new TypeError('PostgresStorage: url must parse as a URL when it has query parameters (synchronous_commit, options), got one that does not'),
    );
  });
});
