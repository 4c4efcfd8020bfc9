import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { storageConformance } from './conformance.ts';

storageConformance('MemoryStorage', () => new MemoryStorage(), undefined, 'process');
