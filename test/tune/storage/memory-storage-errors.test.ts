// MemoryStorage's refusals word for word, its ids and start times, and getTrialsFrom's bounds.
import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { storageRefusals } from './refusals.ts';

storageRefusals('MemoryStorage', () => new MemoryStorage());
