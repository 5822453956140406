import { dump, load } from 'js-yaml';
import { toYaml } from '../../lib/synth/synthesize';
import { YAML_DUMP_OPTIONS, yamlDocument } from '../../lib/synth/yaml-document';
import { synthesizedPlanCharts } from '../support/deployments';

/** js-yaml's own text, the one yamlDocument must match byte for byte. */
const jsYamlText = (value: unknown) => dump(value, YAML_DUMP_OPTIONS);

describe('yamlDocument writes what js-yaml writes', () => {
  it('for every object of every chart of the plan', () => {
    const charts = synthesizedPlanCharts();
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) expect(toYaml(chart)).toBe(chart.objects.map(jsYamlText).join('---\n'));
  });

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['YAML 1.1 booleans, quoted for old readers', ['yes', 'No', 'on', 'OFF', 'y', 'N']],
    ['sexagesimal numbers', ['12:30', '1:20:30.5']],
    ['strings that read back as null, bool, numbers, dates or a merge key', ['null', '~', 'True', '1e3', '0x1F', '0o17', '1_000', '.inf', '-.5', '2026-12-06', '<<']],
    ['strings starting with an indicator', ['- x', '? x', ':x', '#x', '&a', '*a', '!t', '|x', '>x', "'x", '"x', '%x', '@x', '`x', '=', '=~', '{x', '[x', ',x', ' x']],
    ['a comment start, a separator or a colon or space at the end', ['a #b', 'a#b', 'a: b', 'a:b', 'a:', 'a ', 'a:#b']],
    ['quotes and backslashes to escape', ['say "hi": now', 'C:\\ ']],
    ['characters to escape by name or number', ['\t', 'a\u0000b', '\u0007\u001b\u0085\u00a0\u2028\u2029\ufeff', '\ud800 lone', 'x\r\ny']],
    ['printable characters beyond ASCII', ['≥ 99.9 % — ok', 'emoji 😀', 'é: x']],
    ['literal blocks: clipped, stripped, kept, with leading space, under deeper indentation', { a: 'one\ntwo\n', b: 'one\ntwo', c: 'x\n\n', d: '\n', e: '  indented\nx', f: '\n lead', g: [{ h: ['deep\nblock\n'] }] }],
    ['multi-line strings that need escapes instead', ['tab\there\n', 'cr\r\n']],
    ['a key that spans lines or needs quoting', { 'a\nb': 1, 'yes': 2, '1': 3, '': 4, '# x': 5 }],
    ['a key over 1024 characters, written as an explicit entry', { ['k'.repeat(1100)]: { x: 1 }, ['j'.repeat(1100)]: [1], ['i'.repeat(1100)]: 'v' }],
    ['numbers of every kind', [0, -0, 7, -5, 1.5, 1e21, 5e-100, 1e-7, NaN, Infinity, -Infinity, 2 ** 53]],
    ['null, booleans, and undefined (dropped from mappings, null in sequences)', { a: null, b: true, c: false, d: undefined, e: [undefined, null] }],
    ['empty and nested collections', { a: {}, b: [], c: [[1, [2, []]], {}], d: { e: undefined }, f: [{ g: {} }] }],
  ])('for %s', (_case, value) => {
    expect(yamlDocument(value)).toBe(jsYamlText(value));
    expect(yamlDocument({ nested: [{ value }] })).toBe(jsYamlText({ nested: [{ value }] }));
  });

  it('for 20,000 random documents of awkward strings, numbers and nesting', () => {
    const random = seededRandom(20261206);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const characters = [...'abZ019 :#-?\n\t"\'\\.eE_~+xo<{[,!|>%@`=*&yn', 'é', '😀', '\ud800', '\udc00', '\u2028', '\u0085', '\u00a0', '\ufeff', '\r', '\u0000'];
    const words = ['', 'yes', 'null', '~', 'true', '1e3', '0x1F', '1_000', '12:30', '2026-12-06', '<<', '.inf', '- x', 'a: b', 'a #b', 'x\n\n', '\n x', 'k'.repeat(1030)];
    const text = (): string => {
      if (random() < 0.3) return pick(words);
      return Array.from({ length: Math.floor(random() * 12) }, () => pick(characters)).join('') + (random() < 0.1 ? pick(words) : '');
    };
    const value = (depth: number): unknown => {
      const roll = random();
      if (depth > 3 || roll < 0.45) return text();
      if (roll < 0.52) return pick([0, -0, 1, -5, 1.5, 1e21, 5e-100, NaN, Infinity, -Infinity]);
      if (roll < 0.56) return pick([true, false, null, undefined]);
      if (roll < 0.78) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]));
    };
    const differing: string[] = [];
    for (let i = 0; i < 20_000 && differing.length < 3; i += 1) {
      const document = value(0);
      if (yamlDocument(document) !== jsYamlText(document)) differing.push(JSON.stringify(document));
    }
    expect(differing).toEqual([]);
  });

  it('reads back as the value it was written from', () => {
    const value = { spec: { rules: [{ expr: 'rate(x[5m])\n> 0', for: '5m', labels: { severity: 'critical' } }], replicas: 2, paused: false } };
    expect(load(yamlDocument(value))).toEqual(value);
  });

  it('refuses what is not JSON-like, naming its type', () => {
    expect(() => yamlDocument({ at: new Date(0) })).toThrow('cannot write [object Date] as YAML');
    expect(() => yamlDocument({ run: () => 1 })).toThrow('cannot write [object Function] as YAML');
  });
});

/** A small deterministic generator (LCG), so a failure reproduces. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
