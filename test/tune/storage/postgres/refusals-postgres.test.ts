// PostgresStorage's refusals word for word, its ids and start times, and getTrialsFrom's bounds
// (storage/refusals.ts, run against every storage): the conformance suite checks most of them
// by error class only.
import { postgresStorages } from '../pg-schemas.ts';
import { storageRefusals } from '../refusals.ts';

const { next } = postgresStorages('refuse');
storageRefusals('PostgresStorage', () => next());
