// The seed's worked example: a 2-4-1 sigmoid network with binary cross-entropy, trained on XOR
// by plain gradient descent (learning rate 0.5, all four rows in every step, seed 1): the run of
// examples/xor.yaml and docs/backprop-step-by-step.md. Prints every quantity of the first step,
// then the loss epoch by epoch with the outputs ŷ, and where the plateau at ln 2 ends.
//   npx tsx examples/backprop-trace.ts [--epochs 2000] [--every 100] [--json trace.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MLP, formatTrace, traceStep } from 'hyperprop';

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '2000' }, every: { type: 'string', default: '100' }, json: { type: 'string' } },
});
const epochs = Number(values.epochs);
const every = Number(values.every);
for (const [name, value] of [['--epochs', epochs], ['--every', every]] as const) {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
}

const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [[0], [1], [1], [0]];
const model = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 });
model.compile({ optimizer: { type: 'sgd', lr: 0.5 } });

// apply: false leaves the step to fit, so the epochs below are exactly `hyperprop train examples/xor.yaml`.
const first = traceStep(model, x, y, { lr: 0.5, apply: false });
console.log(formatTrace(first));
if (values.json) writeFileSync(values.json, JSON.stringify(first, null, 2));

// ŷ and the size of W(1) as each epoch begins: the outputs its loss was computed from, and
// the hidden weights whose slow growth ends the plateau.
const outputs: number[][] = [];
const hiddenNorms: number[] = [];
const history = model.fit(x, y, {
  epochs,
  batchSize: 4,
  callbacks: [
    {
      onEpochBegin: (_epoch, m) => {
        outputs.push(Array.from(m.predictProba(x)));
        hiddenNorms.push(Math.hypot(...m.getWeights()[0]!.weights));
      },
    },
  ],
});
const loss = history.history.loss!;
const accuracy = history.history.accuracy!;

const LN2 = Math.log(2);
const near = (value: number) => Math.abs(value - LN2) <= 0.01 * LN2;
const start = loss.findIndex(near);
const escape = start < 0 ? -1 : loss.findIndex((value, i) => i > start && value < 0.99 * LN2);
const solved = accuracy.findIndex((value) => value === 1);
const shown = (i: number) => i < 3 || (i + 1) % every === 0 || i === start || i === escape || i === solved;

console.log('\nepoch   loss (BCE)   reduction   accuracy   ŷ(0,0)   ŷ(0,1)   ŷ(1,0)   ŷ(1,1)   ‖W(1)‖');
loss.forEach((value, i) => {
  if (!shown(i)) return;
  const reduction = i === 0 ? '' : `${(((loss[i - 1]! - value) / loss[i - 1]!) * 100).toFixed(2)}%`;
  const y4 = outputs[i]!.map((p) => p.toFixed(4).padStart(8)).join(' ');
  console.log(`${String(i + 1).padStart(5)}   ${value.toFixed(6)}   ${reduction.padStart(9)}   ${accuracy[i]!.toFixed(2).padStart(8)} ${y4}   ${hiddenNorms[i]!.toFixed(3).padStart(6)}`);
});
console.log('loss: the BCE of the four rows as the epoch begins (epoch 1: the traced step\'s loss before it)');
console.log('reduction: against the previous epoch, (previous loss − loss) / previous loss');
console.log('‖W(1)‖: the Euclidean norm of the hidden layer\'s weights as the epoch begins');

console.log(`\nln 2 = ${LN2.toFixed(6)}: the loss of ŷ = 0.5 on every row`);
if (start < 0) {
  console.log(`plateau: the loss did not come within 1% of ln 2 in ${epochs} epochs`);
} else {
  console.log(`plateau: from epoch ${start + 1}, the loss within 1% of ln 2`);
  console.log(escape < 0 ? `escape: not within ${epochs} epochs` : `escape: epoch ${escape + 1}, loss ${loss[escape]!.toFixed(6)}, the first 1% below ln 2`);
}
console.log(solved < 0 ? `solved: not within ${epochs} epochs` : `solved: epoch ${solved + 1}, loss ${loss[solved]!.toFixed(6)}, the first with every row on the right side of 0.5 (accuracy 1)`);
console.log(`last: epoch ${epochs}, loss ${loss.at(-1)!.toFixed(6)}, accuracy ${accuracy.at(-1)!}`);
