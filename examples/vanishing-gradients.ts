// The seed's class activity: the same deep network (8 hidden layers of 32 units) trained on
// digits with sigmoid, tanh, ReLU, and ReLU + batch norm. Prints each layer's mean gradient
// norm by epoch — the early layers of the sigmoid net starve — and writes the figures as JSON
// (for the HTML report).
//   npx tsx examples/vanishing-gradients.ts [--epochs 5] [--json gradients.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MLP, loadDigitsSplit, type LayerConfig } from 'hyperprop';

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '5' }, json: { type: 'string' } } });
const epochs = Number(values.epochs);
const { train } = loadDigitsSplit({ scale: 1 / 16 });
const DEPTH = 8;

const variants: { name: string; hidden: LayerConfig }[] = [
  { name: 'sigmoid', hidden: { units: 32, activation: 'sigmoid' } },
  { name: 'tanh', hidden: { units: 32, activation: 'tanh' } },
  { name: 'relu', hidden: { units: 32, activation: 'relu' } },
  { name: 'relu + batch norm', hidden: { units: 32, activation: 'relu', batchNorm: true } },
];

const results: Record<string, { gradientNorms: number[][]; loss: number[] }> = {};
for (const variant of variants) {
  const model = new MLP({ inputs: 64, layers: [...Array.from({ length: DEPTH }, () => variant.hidden), { units: 10, activation: 'softmax' }], seed: 3 });
  const history = model.fit(train.x, train.y, { epochs, batchSize: 32, optimizer: { type: 'sgd', lr: 0.05 }, monitorGradients: { vanishingRatio: 0 } });
  results[variant.name] = { gradientNorms: history.gradientNorms!, loss: history.history.loss! };
  console.log(`\n${variant.name}: mean ‖∂E/∂W‖ per layer (1 = first hidden layer) by epoch`);
  console.log(['epoch', ...Array.from({ length: DEPTH + 1 }, (_, l) => `L${l + 1}`.padStart(9)), '     loss'].join(' '));
  history.gradientNorms!.forEach((norms, epoch) => {
    console.log([String(epoch + 1).padStart(5), ...norms.map((n) => n.toExponential(2).padStart(9)), history.history.loss![epoch]!.toFixed(4).padStart(9)].join(' '));
  });
}

const firstLayer = (name: string) => results[name]!.gradientNorms.at(-1)![0]!;
// Every variant side by side: ReLU alone is what lifts the first layer's gradient here; batch
// norm on top of it lowers the loss faster but does not enlarge that gradient.
console.log(`\nfirst-layer gradient norm in the last epoch: ${variants.map((v) => `${v.name} ${firstLayer(v.name).toExponential(3)}`).join(', ')}`);
const times = (name: string) => `${name} ${(firstLayer(name) / firstLayer('sigmoid')).toFixed(0)}×`;
console.log(`against sigmoid's: ${times('relu')}, ${times('relu + batch norm')}`);
if (values.json) writeFileSync(values.json, JSON.stringify({ depth: DEPTH, epochs, results }, null, 2));
