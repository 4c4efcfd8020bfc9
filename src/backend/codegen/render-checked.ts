// Renders src/backend/checked-kernels.ts: the public Backend method of every kernel row that
// declares a surface, checking each argument by the kind of the kernel argument or slot it
// fills (and the row's rule) before the one call into the trusted kernels. CheckedBackend
// extends the class and writes only the methods of rows without a surface.
import { ACTIVATION_CODES, BATCH_NORM_FLAGS, DENSE_FLAGS } from '../kernel-codes.ts';
import type { KernelArg, KernelRow, SurfaceArg, SurfaceRule } from '../kernel-row.ts';
import { KERNEL_TABLE } from '../kernel-table.ts';
import { BANNER, blockLength, constantName, isArray, slotConstant, slotIndexes, type ArrayArg } from './names.ts';

const ARRAY_TYPE = { f32: 'Float32Array', i32: 'Int32Array', u32: 'Uint32Array', f64: 'Float64Array' } as const;
const SCALAR_CHECK = { finite: 'checkFinite', nonNegative: 'checkNonNegative', unitInterval: 'checkUnitInterval', positiveFinite: 'checkPositiveFinite' } as const;

/** The kinds of kernel argument each rule may fill (scalar rules fill slots, layerParam its own pair). */
const RULE_TARGETS: Record<SurfaceRule, readonly KernelArg['kind'][]> = {
  positive: ['size'],
  nonNegative: [],
  positiveFinite: [],
  unitInterval: [],
  elementwiseActivation: ['code'],
  layerActivation: ['code'],
  activationAlpha: [],
  layerParam: ['f32'],
  classLabels: ['i32'],
  result: [],
};

/** The TypeScript name of every code constant a `when` may use (ACT_PRELU → ACTIVATION_CODES.prelu). */
const CODE_CONSTANTS = new Map<string, string>([
  ...Object.keys(ACTIVATION_CODES).map((name) => [`ACT_${constantName(name)}`, `ACTIVATION_CODES.${name}`] as const),
  ...Object.keys(DENSE_FLAGS).map((name) => [`DENSE_${constantName(name)}`, `DENSE_FLAGS.${name}`] as const),
  ...Object.keys(BATCH_NORM_FLAGS).map((name) => [`BATCH_NORM_${constantName(name)}`, `BATCH_NORM_FLAGS.${name}`] as const),
]);

const normalize = (arg: string | SurfaceArg): SurfaceArg => (typeof arg === 'string' ? { name: arg } : arg);

/** A `when` (written to read as C++) as TypeScript: strict comparisons. */
function tsCondition(when: string): string {
  return when.replace(/([!=])=/g, '$1==');
}

/** What a kernel argument or slot is filled with, once checked. */
interface Fill {
  readonly value: string;
}

class KernelRenderer {
  readonly lines: string[] = [];
  readonly params: string[] = [];
  readonly fills = new Map<string, Fill>();
  readonly kernelArgs: Map<string, KernelArg>;
  readonly slots: Map<string, number>;
  readonly surface: SurfaceArg[];
  readonly uses = new Set<string>();
  resultName: string | undefined;

  constructor(readonly row: KernelRow) {
    this.kernelArgs = new Map(row.args.map((arg) => [arg.name, arg]));
    this.slots = new Map(slotIndexes(row));
    this.surface = row.surface!.args.map(normalize);
  }

  private fail(message: string): never {
    throw new Error(`${this.row.name}: ${message}`);
  }

  private check(name: string, ...args: string[]): string {
    this.uses.add(name);
    return `${name}(K, ${args.join(', ')})`;
  }

  /** The surface argument holding the activation a rule refers to. */
  private activationName(rule: 'elementwiseActivation' | 'layerActivation'): string {
    return this.surface.find((arg) => arg.rule === rule)?.name ?? this.fail(`needs a ${rule} argument`);
  }

  private length(arg: ArrayArg): [string, string] {
    const factors = arg.length ?? this.fail(`${arg.name} has no length`);
    return [factors.map(String).join(' * '), factors.map(String).join('*')];
  }

  private arrayCheck(arg: ArrayArg, surfaceName: string, field = surfaceName): string {
    const [expression, text] = this.length(arg);
    return `this.#${arg.kind}(K, '${field}', ${surfaceName}, ${expression}, '${text}')`;
  }

  private slot(name: string): string {
    if (!this.slots.has(name)) this.fail(`has no scalar slot ${name}`);
    this.uses.add(slotConstant(this.row.name, name));
    return `s[${slotConstant(this.row.name, name)}]`;
  }

  private param(arg: SurfaceArg, type: string, optional = false): void {
    this.params.push(`${arg.name}${optional ? '?' : ''}: ${type}`);
  }

  render(): string[] {
    if (this.surface.some((arg) => arg.flag)) {
      this.lines.push('let flags = 0;');
      this.fills.set('flags', { value: 'flags' });
    }
    for (const arg of this.surface) this.renderArg(arg);
    for (const arg of this.row.args) if (!this.fills.has(arg.name)) this.fail(`no surface argument fills ${arg.name}`);
    const call = this.row.args.map((arg) => this.fills.get(arg.name)!.value);
    if (blockLength(this.row) > 0) call.push('s');
    this.lines.push(`this.#k.${this.row.name}(${call.join(', ')});`);
    if (this.resultName !== undefined) {
      const first = this.row.results?.[0] ?? this.fail('has a result argument but no result slot');
      this.lines.push(`${this.resultName}[0] = ${this.slot(first)}!;`);
    }
    const named = this.row.surface!.named;
    const body = [`const K = '${this.row.name}';`];
    if (named !== undefined) {
      this.uses.add('checkObject');
      body.push(
        '// Each field is read once, before any check (a getter may run caller code): from the first',
        '// array check to the kernel call no caller code runs.',
        `const { ${this.surface.map((arg) => arg.name).join(', ')} } = checkObject(K, 'args', args) as unknown as ${named};`,
      );
    }
    if (blockLength(this.row) > 0) body.push('const s = this.#s;');
    const signature = named === undefined ? this.params.join(', ') : `args: ${named}`;
    return [`  ${this.row.name}(${signature}): void {`, ...[...body, ...this.lines].map((line) => `    ${line}`), '  }', ''];
  }

  private renderArg(arg: SurfaceArg): void {
    const target = arg.into ?? arg.name;
    const { name } = arg;
    if (arg.rule === 'result') {
      this.resultName = name;
      this.param(arg, 'Float64Array');
      this.lines.push(`${this.check('checkResult', name)};`);
      return;
    }
    if (arg.flag?.set === 'true') {
      this.param(arg, 'boolean');
      this.lines.push(`if (${this.check('checkBoolean', `'${name}'`, name)}) flags |= ${arg.flag.bit};`);
      return;
    }
    if (arg.rule === 'activationAlpha') {
      this.param(arg, 'number', true);
      this.lines.push(`${this.slot(target)} = ${this.check('checkActivationAlpha', this.activationName('elementwiseActivation'), name)};`);
      return;
    }
    if (arg.rule === 'layerParam') return this.renderLayerParam(arg, target);
    const kernelArg = this.kernelArgs.get(target);
    if (kernelArg === undefined) return this.renderScalar(arg, target);
    if (arg.rule !== undefined && !RULE_TARGETS[arg.rule].includes(kernelArg.kind)) this.fail(`${name}: rule ${arg.rule} does not apply to a ${kernelArg.kind} argument`);
    if (kernelArg.kind === 'size') {
      this.param(arg, 'number');
      this.lines.push(`${this.check(arg.rule === 'positive' ? 'checkPositiveInteger' : 'checkSize', `'${name}'`, name)};`);
      this.fills.set(target, { value: name });
    } else if (kernelArg.kind === 'bool') {
      this.param(arg, 'boolean');
      this.lines.push(`${this.check('checkBoolean', `'${name}'`, name)};`);
      this.fills.set(target, { value: name });
    } else if (kernelArg.kind === 'code') {
      if (arg.rule !== 'elementwiseActivation' && arg.rule !== 'layerActivation') this.fail(`${name} fills a code without an activation rule`);
      this.param(arg, arg.rule === 'elementwiseActivation' ? 'ElementwiseActivation' : 'LayerActivation');
      this.lines.push(`const ${target} = ${this.check(arg.rule === 'elementwiseActivation' ? 'checkElementwiseActivation' : 'checkLayerActivation', `'${name}'`, name)};`);
      this.fills.set(target, { value: target });
    } else {
      this.renderArray(arg, kernelArg, target);
    }
  }

  private renderArray(arg: SurfaceArg, kernelArg: ArrayArg, target: string): void {
    const { name } = arg;
    const type = ARRAY_TYPE[kernelArg.kind];
    this.param(arg, arg.flag ? `${type} | null` : type);
    if (arg.flag) this.lines.push(`if (${name} ${arg.flag.set === 'null' ? '===' : '!=='} null) flags |= ${arg.flag.bit};`);
    const check = this.arrayCheck(kernelArg, name);
    if (kernelArg.when !== undefined) {
      if (kernelArg.kind !== 'f32') this.fail(`${target}: only float32 arrays may be conditional`);
      for (const constant of kernelArg.when.match(/\b[A-Z][A-Z0-9_]+\b/g) ?? []) {
        if (!CODE_CONSTANTS.has(constant)) this.fail(`${target}'s condition names ${constant}, which is no code constant`);
        this.uses.add(constant);
      }
      this.lines.push(`const ${target}Arg = ${tsCondition(kernelArg.when)} ? ${check} : EMPTY;`);
      this.fills.set(target, { value: `${target}Arg` });
      return;
    }
    if (arg.flag) this.fail(`${name} may be null but ${target} has no condition`);
    this.lines.push(`${check};`);
    if (arg.rule === 'classLabels') this.lines.push(`${this.check('checkLabels', name, 'rows', 'cols')};`);
    this.fills.set(target, { value: name });
  }

  private renderLayerParam(arg: SurfaceArg, target: string): void {
    const kind = this.activationName('layerActivation');
    const slopes = this.kernelArgs.get(target);
    if (slopes === undefined || !isArray(slopes)) this.fail(`${arg.name} must fill an array`);
    this.param(arg, 'number | Float32Array', true);
    this.lines.push(
      `const ${target}Arg = ${kind} === 'prelu' ? ${this.arrayCheck(slopes, arg.name, `${arg.name} (prelu slopes)`)} : EMPTY;`,
      `if (${kind} !== 'prelu') ${this.slot('alpha')} = ${kind} === 'softmax' ? 0 : ${this.check('checkActivationAlpha', kind, arg.name)};`,
    );
    this.fills.set(target, { value: `${target}Arg` });
  }

  private renderScalar(arg: SurfaceArg, target: string): void {
    const rule = arg.rule ?? 'finite';
    if (!(rule in SCALAR_CHECK)) this.fail(`${arg.name}: rule ${rule} does not apply to a scalar slot`);
    const check = this.check(SCALAR_CHECK[rule as keyof typeof SCALAR_CHECK], `'${arg.name}'`, arg.name);
    this.param(arg, 'number', arg.default !== undefined);
    this.lines.push(`${this.slot(target)} = ${arg.default === undefined ? check : `${arg.name} === undefined ? ${arg.default} : ${check}`};`);
  }
}

/** What the generated file takes from kernel-codes.ts: the maps its constants and flag bits name, and the activation types. */
function codeImports(methods: string[], codes: string[]): string[] {
  const text = [...methods, ...codes.map((name) => CODE_CONSTANTS.get(name)!)].join('\n');
  const names = ['ACTIVATION_CODES', 'BATCH_NORM_FLAGS', 'DENSE_FLAGS'].filter((name) => text.includes(`${name}.`));
  for (const type of ['ElementwiseActivation', 'LayerActivation']) if (new RegExp(`: ${type}\\b`).test(text)) names.push(`type ${type}`);
  return names;
}

/** Throws, naming the kernel, when a row's surface leaves an argument unfilled or names what the row lacks. */
export function renderCheckedKernels(table: readonly KernelRow[] = KERNEL_TABLE): string {
  const surfaced = table.filter((row) => row.surface !== undefined);
  const methods: string[] = [];
  const uses = new Set<string>();
  const named: string[] = [];
  for (const row of surfaced) {
    const renderer = new KernelRenderer(row);
    methods.push(...renderer.render());
    for (const name of renderer.uses) uses.add(name);
    if (row.surface!.named !== undefined) named.push(row.surface!.named);
  }
  const checks = [...uses].filter((name) => name.startsWith('check')).sort();
  const slots = [...uses].filter((name) => !name.startsWith('check') && !CODE_CONSTANTS.has(name)).sort();
  const codes = [...uses].filter((name) => CODE_CONSTANTS.has(name)).sort();
  const kinds = new Set(surfaced.flatMap((row) => row.args.filter(isArray).map((arg) => arg.kind)));
  const checkers = { f32: 'checkF32', i32: 'checkI32', u32: 'checkU32' } as const;
  for (const kind of kinds) if (kind !== 'f64') checks.push(checkers[kind]);
  return [
    `// ${BANNER}`,
    '// The public Backend method of every kernel whose row declares a surface: each argument',
    '// checked by the kind of the kernel argument or slot it fills (and its rule), scalars written',
    '// into the scalar block, then one call into the trusted kernels. CheckedBackend extends this',
    '// class with the methods of the rows without a surface.',
    `import type { ${named.sort().join(', ')} } from './backend.ts';`,
    "import type { KernelAbi } from './kernel-abi.ts';",
    `import { ${slots.join(', ')} } from './kernel-abi.ts';`,
    `import { ${codeImports(methods, codes).join(', ')} } from './kernel-codes.ts';`,
    `import { ${[...new Set(checks)].sort().join(', ')} } from './validate.ts';`,
    '',
    '// The code constants the conditions of the table name (read as C++ there).',
    ...codes.map((name) => `const ${name} = ${CODE_CONSTANTS.get(name)!};`),
    'const EMPTY = new Float32Array(0);',
    '',
    '/** Throws when the kernels cannot compute on `array` in place (WASM: memory of its own). */',
    'export type MemoryCheck = (kernel: string, field: string, array: Float32Array | Int32Array | Uint32Array) => void;',
    '',
    'export abstract class CheckedKernels {',
    '  // Hard-private (#): the raw kernels trust their arguments, so they must not be reachable from',
    '  // a backend object (a TypeScript `private` field is an ordinary property at run time).',
    '  readonly #k: KernelAbi;',
    '  /** Scalars go in and results come out here, so no double is boxed; shared with the subclass. */',
    '  readonly #s: Float64Array;',
    '  readonly #memory: MemoryCheck | undefined;',
    '',
    '  protected constructor(kernels: KernelAbi, block: Float64Array, memory: MemoryCheck | undefined) {',
    '    this.#k = kernels;',
    '    this.#s = block;',
    '    this.#memory = memory;',
    '  }',
    '',
    ...[...kinds].filter((kind) => kind !== 'f64').flatMap((kind) => [
      `  #${kind}(kernel: string, field: string, value: unknown, needed: number, text: string): ${ARRAY_TYPE[kind]} {`,
      `    const array = ${checkers[kind]}(kernel, field, value, needed, text);`,
      '    this.#memory?.(kernel, field, array);',
      '    return array;',
      '  }',
      '',
    ]),
    ...methods.slice(0, -1),
    '}',
    '',
  ].join('\n');
}
