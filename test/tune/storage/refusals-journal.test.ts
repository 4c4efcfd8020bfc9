// JournalStorage's refusals word for word, its ids and start times, and getTrialsFrom's bounds.
import { describe, expect, it } from 'vitest';
import { JournalStorage } from '../../../src/tune/storage/journal/journal-storage.ts';
import { tempJournals } from './journal-files.ts';
import { storageRefusals } from './refusals.ts';

const nextPath = tempJournals();
storageRefusals('JournalStorage', () => new JournalStorage(nextPath()));

describe('JournalStorage path', () => {
  it('must be a non-empty string', () => {
    expect(() => new JournalStorage('')).toThrow(new TypeError('JournalStorage: path must be a non-empty string, got ""'));
    expect(() => new JournalStorage(3 as never)).toThrow(new TypeError('JournalStorage: path must be a non-empty string, got 3'));
  });
});
