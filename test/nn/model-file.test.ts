// Model files: bit-exact round trips, the same predictions on every backend, and a clear
// error for every kind of corrupt or hostile file.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../src/backend/registry.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { loadModel, modelToJSON, saveModel } from '../../src/nn/model-file.ts';
import { MinMaxScaler, StandardScaler, loadIris } from '../../src/data/index.ts';
import { FileError } from '../../src/errors.ts';
import { JS, LOADED, worstRatio } from '../backend/backends.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';
import { nonRegularFiles } from '../fixtures/non-regular-files.ts';

// Removed after the file's tests (it was left in the system's temporary folder by every run).
const { dir } = tempFolder('hyperprop-model-');

function trained(): { model: MLP; scaler: StandardScaler; x: Float32Array; raw: Float32Array } {
  const iris = loadIris();
  const scaler = new StandardScaler().fit(iris);
  const x = scaler.transform(iris).x;
  const model = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'prelu' }, { units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 5 }, { backend: JS });
  model.fit(x, iris.y, { epochs: 20, batchSize: 16 });
  return { model, scaler, x, raw: iris.x };
}

describe('model files', () => {
  it('round-trip every parameter bit for bit, with the scaler, and predict the same on every backend', () => {
    const { model, scaler, x, raw } = trained();
    const path = join(dir, 'iris.json');
    saveModel(model, path, { scaler });
    const expected = model.predictProba(x);
    for (const [, backend] of LOADED) {
      const loaded = loadModel(path, { backend });
      expect(new Uint32Array(loaded.model.parameters.slice().buffer)).toEqual(new Uint32Array(model.parameters.slice().buffer));
      expect(loaded.model.config).toEqual(model.config);
      expect(loaded.scaler?.toJSON()).toEqual(scaler.toJSON());
      // The loaded model applies its stored scaler: it takes the raw rows.
      expect(worstRatio(loaded.model.predictProba(raw), expected, 1e-5, 1e-6).ratio).toBeLessThanOrEqual(1);
    }
  });

  it('rejects corrupt and hostile files with a message that says what is wrong', () => {
    const { model } = trained();
    const good = modelToJSON(model);
    const cases: [string, unknown, RegExp][] = [
      ['not JSON', '{"format": ', /not valid JSON/],
      ['wrong format', { ...good, format: 'keras' }, /format must be "hyperprop.mlp", got a string of 5 characters$/],
      ['future version', { ...good, version: 99 }, /version must be 1 \(the version this hyperprop reads\), got 99/],
      ['bad layer', { ...good, config: { ...good.config, layers: [{ units: -1 }] } }, /config: layers\[0\]\.units must be a positive integer, got -1/],
      ['huge layer', { ...good, config: { ...good.config, layers: [{ units: 2 ** 40 }] } }, /config: layers\[0\]\.units must be at most/],
      ['count mismatch', { ...good, parameters: { ...good.parameters, count: 3 } }, /parameters\.count is 3, but the architecture has \d+ parameters/],
      ['truncated data', { ...good, parameters: { ...good.parameters, data: good.parameters.data.slice(0, 40) } }, /parameters\.data holds 30 bytes, expected/],
      ['flipped bits', { ...good, parameters: { ...good.parameters, data: `${good.parameters.data[0] === 'A' ? 'B' : 'A'}${good.parameters.data.slice(1)}` } }, /sha256 does not match the data: the file is corrupt/],
      ['not base64', { ...good, parameters: { ...good.parameters, data: '<script>' } }, /parameters\.data must be base64 text/],
      ['bad scaler', { ...good, scaler: { type: 'StandardScaler', withMean: true, withStd: true, mean: [0, 0], scale: [1, 1] } }, /scaler has 2 features, but the model has 4 inputs/],
      ['array', [1, 2, 3], /the file is not a JSON object/],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, `${name.replace(/ /g, '-')}.json`);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      expect(() => loadModel(path), name).toThrow(message);
    }
  });

  it('never quotes the content of a file that is not a model file', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
    const cases: [string, string, string][] = [
      ['passwd', secret, 'not valid JSON at line 1, column 1: unexpected character'],
      ['truncated', '{"format": "hyperprop.mlp", "token": "s3cr3t', 'not valid JSON at line 1, column 38: unterminated string (it starts here)'],
      ['string', JSON.stringify(secret), 'the file is not a JSON object'],
      ['format', JSON.stringify({ format: secret }), `format must be "hyperprop.mlp", got a string of ${secret.length} characters`],
      ['version', JSON.stringify({ format: 'hyperprop.mlp', version: 's3cr3t' }), 'version must be 1 (the version this hyperprop reads), got a string of 6 characters'],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, `content-${name}.json`);
      writeFileSync(path, content);
      let got = '';
      try {
        loadModel(path);
      } catch (error) {
        got = (error as Error).message;
      }
      expect(got, name).toBe(`${path}: ${message}`);
      expect(got, name).not.toMatch(/root|daemon|s3cr3t/);
    }
  });

  it('refuses a FIFO, a device, a directory and an oversize file before reading, within 100 ms', () => {
    const cases = nonRegularFiles(dir, 'model', 1.5 * 1024 ** 3);
    for (const [path, rule] of cases) {
      const start = performance.now();
      let error: unknown;
      try {
        loadModel(path);
      } catch (caught) {
        error = caught;
      }
      expect(performance.now() - start, path).toBeLessThan(100);
      expect(error, path).toBeInstanceOf(FileError);
      expect((error as Error).message).toBe(`model file ${JSON.stringify(path)} ${rule}`);
    }
  });

  it('saves batch norm\'s running statistics and dropout/residual settings with the model', () => {
    const iris = loadIris();
    const x = new StandardScaler().fit(iris).transform(iris).x;
    const model = new MLP(
      { inputs: 4, inputDropout: 0.1, layers: [{ units: 8, activation: 'relu', batchNorm: true, dropout: 0.2 }, { units: 6, activation: 'tanh', residual: true, l2: 0.01 }, { units: 3, activation: 'softmax' }], seed: 2 },
      { backend: JS },
    );
    model.fit(x, iris.y, { epochs: 5, batchSize: 16 });
    const path = join(dir, 'batch-norm.json');
    saveModel(model, path);
    const loaded = loadModel(path, { backend: JS }).model;
    expect(loaded.config).toEqual(model.config);
    expect(loaded.state).toEqual(model.state);
    expect(loaded.predictProba(x)).toEqual(model.predictProba(x));
  });

  it('refuses a block without its SHA-256, naming the field, for the parameters and for batch norm state', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3, batchNorm: true }, { units: 1 }], seed: 1 }, { backend: JS });
    const good = modelToJSON(model);
    const { sha256: _parameters, ...parametersWithoutHash } = good.parameters;
    const { sha256: _state, ...stateWithoutHash } = good.state!;
    const cases: [string, unknown, string][] = [
      ['no parameters hash', { ...good, parameters: parametersWithoutHash }, 'parameters.sha256 must be the SHA-256 of the data as 64 hex digits, got undefined'],
      ['numeric hash', { ...good, parameters: { ...good.parameters, sha256: 12 } }, 'parameters.sha256 must be the SHA-256 of the data as 64 hex digits, got 12'],
      ['empty hash', { ...good, parameters: { ...good.parameters, sha256: '' } }, 'parameters.sha256 must be the SHA-256 of the data as 64 hex digits, got a string of 0 characters'],
      ['no state hash', { ...good, state: stateWithoutHash }, 'state.sha256 must be the SHA-256 of the data as 64 hex digits, got undefined'],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, `${name.replace(/ /g, '-')}.json`);
      writeFileSync(path, JSON.stringify(content));
      expect(() => loadModel(path), name).toThrow(`${path}: ${message}`);
    }
    // The same file with its hashes loads.
    const path = join(dir, 'with-hashes.json');
    writeFileSync(path, JSON.stringify(good));
    expect(loadModel(path, { backend: JS }).model.state).toEqual(model.state);
  });

  it('names each broken field of a float block, for the parameters and for batch norm state', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3, batchNorm: true }, { units: 1 }], seed: 1 }, { backend: JS });
    const good = modelToJSON(model);
    const count = good.parameters.count;
    const state = good.state!;
    const infinite = new Uint8Array(24);
    new DataView(infinite.buffer).setFloat32(0, Number.POSITIVE_INFINITY, true);
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const cases: [string, unknown, string][] = [
      ['no parameters', { ...good, parameters: undefined }, 'parameters must be an object'],
      ['null state', { ...good, state: null }, 'state must be an object'],
      ['float64', { ...good, parameters: { ...good.parameters, dtype: 'float64' } }, 'parameters must be little-endian float32, got "float64" "little"'],
      ['big-endian', { ...good, state: { ...state, byteOrder: 'big' } }, 'state must be little-endian float32, got "float32" "big"'],
      ['state count', { ...good, state: { ...state, count: 5 } }, 'state.count is 5, but the architecture has 6 values'],
      ['numeric data', { ...good, parameters: { ...good.parameters, data: 12 } }, 'parameters.data must be base64 text'],
      ['short data', { ...good, parameters: { ...good.parameters, data: 'AAAA' } }, `parameters.data holds 3 bytes, expected ${count * 4} (${count} float32 values)`],
      ['hash with a suffix', { ...good, parameters: { ...good.parameters, sha256: `${good.parameters.sha256}00` } }, 'parameters.sha256 must be the SHA-256 of the data as 64 hex digits, got a string of 66 characters'],
      ['hash with a prefix', { ...good, parameters: { ...good.parameters, sha256: `00${good.parameters.sha256}` } }, 'parameters.sha256 must be the SHA-256 of the data as 64 hex digits, got a string of 66 characters'],
      ['infinite state', { ...good, state: { ...state, data: Buffer.from(infinite).toString('base64'), sha256: hash(infinite) } }, 'state value 0 is Infinity: a model with non-finite state is refused'],
      ['null', null, 'the file is not a JSON object'],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, `block-${name.replace(/ /g, '-')}.json`);
      writeFileSync(path, JSON.stringify(content));
      expect(() => loadModel(path), name).toThrow(`${path}: ${message}`);
    }
  });

  it('writes no state for a model without batch norm, and loads onto the backend it is given', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3 }, { units: 1 }], seed: 1 }, { backend: JS });
    expect(Object.keys(modelToJSON(model))).toEqual(['format', 'version', 'config', 'parameters']);
    const path = join(dir, 'plain.json');
    saveModel(model, path);
    const backend = createBackend('js');
    expect(loadModel(path, { backend }).model.backend).toBe(backend);
  });

  it('checks a stored target scaler against the last layer of a deeper regressor', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 4 }, { units: 3 }, { units: 2 }], seed: 1 }, { backend: JS });
    model.targetScaler = new StandardScaler().fit(Float32Array.of(1, 2, 3, 5, 7, 11), 2);
    const path = join(dir, 'deep-regressor.json');
    saveModel(model, path);
    expect(loadModel(path, { backend: JS }).model.targetScaler?.toJSON()).toEqual(model.targetScaler.toJSON());
  });

  it('reads back a MinMaxScaler as one, and refuses scalers of another kind or on a classifier, naming them', () => {
    const regressor = new MLP({ inputs: 2, layers: [{ units: 3 }, { units: 1 }], seed: 1 }, { backend: JS });
    const minMax = new MinMaxScaler().fit(Float32Array.of(0, 10, 4, 30), 2);
    const path = join(dir, 'min-max.json');
    saveModel(regressor, path, { scaler: minMax });
    const loaded = loadModel(path, { backend: JS });
    expect(loaded.scaler).toBeInstanceOf(MinMaxScaler);
    expect(loaded.scaler?.toJSON()).toEqual(minMax.toJSON());
    const good = modelToJSON(regressor);
    const classifier = modelToJSON(new MLP({ inputs: 2, layers: [{ units: 2, activation: 'softmax' }] }, { backend: JS }));
    const targets = new StandardScaler().fit(Float32Array.of(1, 3), 1).toJSON();
    const cases: [string, unknown, string][] = [
      ['robust scaler', { ...good, scaler: { type: 'RobustScaler' } }, 'scaler: scaler.type must be "StandardScaler" or "MinMaxScaler", got "RobustScaler"'],
      ['null target scaler', { ...good, targetScaler: null }, 'targetScaler: targetScaler.type must be "StandardScaler", got undefined'],
      ['min-max target scaler', { ...good, targetScaler: minMax.toJSON() }, 'targetScaler: targetScaler.type must be "StandardScaler", got "MinMaxScaler"'],
      ['target scaler on a classifier', { ...classifier, targetScaler: targets }, "targetScaler is only for a regressor (loss mse), but the model's loss is categoricalCrossEntropy"],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, `scaler-${name.replace(/ /g, '-')}.json`);
      writeFileSync(file, JSON.stringify(content));
      expect(() => loadModel(file), name).toThrow(`${file}: ${message}`);
    }
  });

  it('refuses a path that is not a non-empty string, for saving and for loading', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 1 }] }, { backend: JS });
    for (const path of ['', 42]) {
      const message = `path must be a file path, got ${JSON.stringify(path)}`;
      expect(() => saveModel(model, path as string)).toThrow(new TypeError(message));
      expect(() => loadModel(path as string)).toThrow(new TypeError(message));
    }
  });

  it('refuses weights that are NaN or infinite', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 1 }] }, { backend: JS });
    model.parameters[0] = Number.NaN;
    const path = join(dir, 'nan.json');
    saveModel(model, path);
    expect(() => loadModel(path)).toThrow(/parameter 0 is NaN: a model with non-finite weights is refused/);
  });

  it('writes atomically: the file is complete JSON after saving over an older one', () => {
    const { model } = trained();
    const path = join(dir, 'atomic.json');
    writeFileSync(path, 'old');
    saveModel(model, path);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('hyperprop.mlp');
  });
});
