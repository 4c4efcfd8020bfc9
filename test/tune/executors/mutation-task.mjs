// A scripted piscina task file for mutation-piscina.test.ts: it speaks the trial protocol
// (started, epochs, done) without training anything, so a thread starts in milliseconds and each
// test steers the parent side (onEpoch, replies, errors, hangs) through `task.script`. The answers
// the worker got go into `task.replies` (an Int32Array on a SharedArrayBuffer: 1 go, 2 stop),
// which the test reads even when the run rejects.
const nextReply = (port) => new Promise((resolve) => port.once('message', resolve));

export default async function scriptedTask(task) {
  const { port, script, maxEpochs, replies } = task;
  if (script === 'silent') return new Promise(() => {}); // never says "started"
  port.postMessage({ started: true });
  if (script === 'hang') return new Promise(() => {});
  if (script === 'throw') throw new Error('scripted failure');
  if (script === 'throw-string') throw 'scripted string';
  // Runs ahead like the real worker: every epoch posted before any answer is read.
  for (let epoch = 1; epoch <= maxEpochs; epoch++) port.postMessage({ epoch, value: epoch / 10 });
  if (script === 'hang-after-epochs') return new Promise(() => {});
  for (let i = 0; i < maxEpochs; i++) replies[i] = (await nextReply(port)).go ? 1 : 2;
  if (script === 'throw-after') throw new Error('scripted failure after epochs');
  port.postMessage({ done: true });
  return { status: 'completed', value: maxEpochs / 10, epochs: maxEpochs };
}
