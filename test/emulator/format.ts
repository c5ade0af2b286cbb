/**
 * Serialisation in the exact shapes Salesforce uses: Bulk 1.0 XML (default namespace, the seed page's
 * layout), Bulk 1.0 JSON (pretty, keys sorted, dates `…+0000`, `apiVersion` the number `36.0`),
 * Bulk 2.0 JSON (compact, fields in Salesforce's order).
 */

export const ASYNC_NS = 'http://www.force.com/2009/06/asyncapi/dataload';

/** A number written verbatim (JSON.stringify(36.0) would lose the `.0`). */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** A date (ms since the epoch) written per format: XML `…000Z`, JSON `…000+0000`. */
export class DateValue {
  constructor(readonly ms: number) {}
}

export type FieldValue = string | number | boolean | RawNumber | DateValue | null;
/** An ordered list of fields: the order is the XML element order. */
export type Fields = Array<[string, FieldValue]>;

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function isoZ(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2015-12-15T20:45:25.000+0000`, as Salesforce's JSON writes dates. */
export function isoPlus0000(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function xmlText(v: FieldValue): string {
  if (v instanceof DateValue) {
    return isoZ(v.ms);
  }
  if (v instanceof RawNumber) {
    return v.text;
  }
  return xmlEscape(String(v));
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

function xmlElements(fields: Fields, indent: string): string {
  return fields
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${indent}<${k}>${xmlText(v)}</${k}>\n`)
    .join('');
}

/** One element with fields, laid out exactly like the seed page's `<jobInfo>` example. */
export function xmlDocument(root: string, fields: Fields): string {
  return `${XML_DECL}<${root}\n    xmlns="${ASYNC_NS}">\n${xmlElements(fields, '  ')}</${root}>\n`;
}

/** A list element (`batchInfoList`) of child elements. */
export function xmlListDocument(root: string, child: string, items: Fields[]): string {
  const inner = items.map((f) => `  <${child}>\n${xmlElements(f, '    ')}  </${child}>\n`).join('');
  return `${XML_DECL}<${root}\n    xmlns="${ASYNC_NS}">\n${inner}</${root}>\n`;
}

export function xmlError(exceptionCode: string, exceptionMessage: string): string {
  return `${XML_DECL}<error\n    xmlns="${ASYNC_NS}">\n  <exceptionCode>${xmlEscape(exceptionCode)}</exceptionCode>\n  <exceptionMessage>${xmlEscape(exceptionMessage)}</exceptionMessage>\n</error>\n`;
}

export type JsonValue = FieldValue | JsonValue[] | { [key: string]: JsonValue };

function jsonScalar(v: FieldValue): string {
  if (v instanceof DateValue) {
    return JSON.stringify(isoPlus0000(v.ms));
  }
  if (v instanceof RawNumber) {
    return v.text;
  }
  return JSON.stringify(v);
}

function isScalar(v: JsonValue): v is FieldValue {
  return v === null || typeof v !== 'object' || v instanceof RawNumber || v instanceof DateValue;
}

/** Compact JSON (Bulk 2.0, REST). */
export function jsonCompact(v: JsonValue): string {
  if (isScalar(v)) {
    return jsonScalar(v);
  }
  if (Array.isArray(v)) {
    return `[${v.map(jsonCompact).join(',')}]`;
  }
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${jsonCompact(x)}`).join(',')}}`;
}

/**
 * Pretty JSON as the Bulk 1.0 examples show it: keys sorted, `"key" : value`, three-space indent.
 */
export function jsonPretty(v: JsonValue, indent = ''): string {
  if (isScalar(v)) {
    return jsonScalar(v);
  }
  const inner = indent + '   ';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      return '[ ]';
    }
    return `[\n${v.map((x) => inner + jsonPretty(x, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
  if (keys.length === 0) {
    return '{ }';
  }
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)} : ${jsonPretty(v[k], inner)}`).join(',\n')}\n${indent}}`;
}

export function fieldsToObject(fields: Fields): { [key: string]: JsonValue } {
  const o: { [key: string]: JsonValue } = {};
  for (const [k, v] of fields) {
    if (v !== undefined) {
      o[k] = v;
    }
  }
  return o;
}

/** RFC 4180 field, always quoted (as Bulk 1.0 results are). */
export function csvQuote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** `delimiter`: Bulk 2.0 jobs write their results with the job's `columnDelimiter` (default comma). */
export function csvLine(values: string[], delimiter = ','): string {
  return values.map(csvQuote).join(delimiter) + '\n';
}
