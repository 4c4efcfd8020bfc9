// The seed's practical example: a 2-4-1 sigmoid network with binary cross-entropy, trained by
// plain gradient descent (learning rate 0.5) on XOR. Prints every quantity of the first step,
// then the error epoch by epoch with its reduction in percent.
//   npx tsx examples/backprop-trace.ts [--epochs 20] [--json trace.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MLP, formatTrace, traceStep } from '../src/index.ts';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '20' }, json: { type: 'string' } } });
const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [[0], [1], [1], [0]];
const model = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 });

const first = traceStep(model, x, y, { lr: 0.5 });
console.log(formatTrace(first));
if (values.json) writeFileSync(values.json, JSON.stringify(first, null, 2));

console.log('\nepoch   error (BCE)   reduction');
let previous = first.loss;
for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
  const { loss } = traceStep(model, x, y, { lr: 0.5 });
  const reduction = ((previous - loss) / previous) * 100;
  console.log(`${String(epoch).padStart(5)}   ${loss.toFixed(6)}   ${reduction.toFixed(2)}%`);
  previous = loss;
}
