import * as jsYaml from 'js-yaml';

/**
 * The YAML text of one JSON-like value, byte for byte what `jsYaml.dump(value, YAML_DUMP_OPTIONS)`
 * writes (test/synth/yaml-document.test.ts holds every chart and random documents to that).
 * Synth writes every chart's objects this way, so its cost grows with the services: js-yaml
 * sends each character of each string through general-purpose checks, where here one
 * regular expression classifies a string, and js-yaml's own type resolvers still decide
 * which plain strings need quotes. js-yaml stays the one YAML library: it reads all YAML,
 * writes the small documents, and is this writer's reference.
 */
export function yamlDocument(value: unknown): string {
  if (value === undefined) return '';
  const pieces: string[] = [];
  writeNode(pieces, value, 0, true);
  pieces.push('\n');
  return pieces.join('');
}

/** The js-yaml options whose output yamlDocument reproduces. */
export const YAML_DUMP_OPTIONS: jsYaml.DumpOptions = { noRefs: true, lineWidth: -1, quotingType: '"' };

/** Resolvers of the default schema's implicit types (null, bool, int, float, timestamp, merge). */
const IMPLICIT_TYPES = (jsYaml.DEFAULT_SCHEMA as jsYaml.Schema & { readonly compiledImplicit?: readonly jsYaml.Type[] }).compiledImplicit ?? [];
// Not in js-yaml's typings: a release that renames it must stop synth, not quote less.
if (IMPLICIT_TYPES.length === 0) throw new Error('js-yaml\'s DEFAULT_SCHEMA has no compiledImplicit types: lib/synth/yaml-document.ts needs them to write what jsYaml.dump writes');
/** YAML 1.1 spellings js-yaml quotes for older readers. */
const YAML11_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const YAML11_BASE60 = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
/** Characters js-yaml writes as they are: printable, not a line or paragraph separator, not a byte order mark. */
const PRINTABLE_CHARACTERS = '\\x20-\\x7e\\xa1-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd\\u{10000}-\\u{10ffff}';
const PRINTABLE = new RegExp(`^[${PRINTABLE_CHARACTERS}]*$`, 'u');
const PRINTABLE_LINES = new RegExp(`^[\\n${PRINTABLE_CHARACTERS}]*$`, 'u');
/** Characters that cannot start a plain scalar (YAML's indicators and space). */
const NOT_PLAIN_FIRST = /^[-?:,[\]{}#&*!|>'"%@` =]/;
/** A comment start or a mapping separator inside, or a space or colon at the end. */
const NOT_PLAIN_INSIDE = / #|: |[ :]$/;
const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r',
  0x1b: '\\e', 0x22: '\\"', 0x5c: '\\\\', 0x85: '\\N', 0xa0: '\\_', 0x2028: '\\L', 0x2029: '\\P',
};
const INDENT = 2;
/** A key longer than this is written as an explicit `? key` entry. */
const MAX_IMPLICIT_KEY = 1024;

const newline = (level: number) => `\n${' '.repeat(INDENT * level)}`;

/** `compact`: the node goes on the line it starts on (after `- `, or as the document), not on the next. */
function writeNode(pieces: string[], value: unknown, level: number, compact: boolean): void {
  if (value === null) pieces.push('null');
  else if (typeof value === 'string') pieces.push(scalarText(value, level, false));
  else if (typeof value === 'boolean') pieces.push(value ? 'true' : 'false');
  else if (typeof value === 'number') pieces.push(numberText(value));
  else if (Array.isArray(value)) {
    if (value.length === 0) pieces.push('[]');
    else writeSequence(pieces, value, level, compact);
  } else if (isRecord(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    if (keys.length === 0) pieces.push('{}');
    else writeMapping(pieces, value, keys, level, compact);
  } else {
    throw new Error(`cannot write ${Object.prototype.toString.call(value)} as YAML`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A mapping or sequence written as lines of its own (an empty one is `{}` or `[]`). */
function isBlock(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isRecord(value) && Object.values(value).some((field) => field !== undefined);
}

function writeSequence(pieces: string[], items: readonly unknown[], level: number, compact: boolean): void {
  items.forEach((item, index) => {
    if (!compact || index > 0) pieces.push(newline(level));
    pieces.push('- ');
    writeNode(pieces, item ?? null, level + 1, true);
  });
}

function writeMapping(pieces: string[], record: Record<string, unknown>, keys: readonly string[], level: number, compact: boolean): void {
  keys.forEach((key, index) => {
    if (!compact || index > 0) pieces.push(newline(level));
    const keyText = scalarText(key, level + 1, true);
    const explicit = keyText.length > MAX_IMPLICIT_KEY;
    if (explicit) pieces.push('? ', keyText, newline(level), ': ');
    else pieces.push(keyText, isBlock(record[key]) ? ':' : ': ');
    writeNode(pieces, record[key], level + 1, explicit);
  });
}

function numberText(value: number): string {
  if (value % 1 === 0 && !Object.is(value, -0)) return value.toString(10);
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  if (Object.is(value, -0)) return '-0.0';
  const text = value.toString(10);
  // YAML wants a dot before the exponent: 5e-100 is 5.e-100.
  return /^[-+]?[0-9]+e/.test(text) ? text.replace('e', '.e') : text;
}

/**
 * A string as js-yaml writes it in block context: plain when nothing in it could be read as
 * YAML syntax or another type, a literal block when it has several lines, else double-quoted
 * (and always double-quoted when a character needs an escape).
 */
function scalarText(text: string, level: number, isKey: boolean): string {
  if (text.length === 0) return '""';
  if (YAML11_BOOLEANS.has(text) || YAML11_BASE60.test(text)) return `"${text}"`;
  if (PRINTABLE.test(text)) {
    const plain = !NOT_PLAIN_FIRST.test(text) && !NOT_PLAIN_INSIDE.test(text) && !resolvesAsOtherType(text);
    return plain ? text : `"${text.replace(/["\\]/g, '\\$&')}"`;
  }
  if (!isKey && PRINTABLE_LINES.test(text)) return literalText(text, level);
  return `"${escaped(text)}"`;
}

function resolvesAsOtherType(text: string): boolean {
  return IMPLICIT_TYPES.some((type) => type.resolve(text));
}

/** `|` with the text indented one level deeper; the header keeps leading spaces and trailing newlines exact. */
function literalText(text: string, level: number): string {
  const indentation = ' '.repeat(INDENT * Math.max(1, level));
  const indicator = /^\n* /.test(text) ? String(INDENT) : '';
  const endsWithNewline = text.endsWith('\n');
  const keepsNewlines = endsWithNewline && (text.endsWith('\n\n') || text === '\n');
  const chomping = keepsNewlines ? '+' : endsWithNewline ? '' : '-';
  // Every line but an empty one is indented; the text's final newline is written by what follows.
  const lines = endsWithNewline ? text.slice(0, -1) : text;
  // Without empty lines (JSON, PromQL), a plain string replacement does it, and faster.
  const hasEmptyLine = lines === '' || lines.startsWith('\n') || lines.endsWith('\n') || lines.includes('\n\n');
  const body = hasEmptyLine ? lines.replace(/^(?!$)/gm, indentation) : indentation + lines.replaceAll('\n', `\n${indentation}`);
  return `|${indicator}${chomping}\n${body}`;
}

/** Code point by code point (a lone surrogate is one): escapes by name, else by number. */
function escaped(text: string): string {
  let result = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    result += ESCAPES[codePoint] ?? (isPrintable(codePoint) ? character : hexEscape(codePoint));
  }
  return result;
}

function hexEscape(codePoint: number): string {
  const [marker, digits] = codePoint <= 0xff ? ['x', 2] : codePoint <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${marker}${codePoint.toString(16).toUpperCase().padStart(digits, '0')}`;
}

const isPrintable = (codePoint: number) => PRINTABLE.test(String.fromCodePoint(codePoint));
