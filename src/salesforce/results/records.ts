/**
 * Bulk 1.0 XML and JSON files as a stream of records: the children of the root element
 * (`<sObjects><sObject>…`, `<results><result>…`, `<queryResult><records>…`) or the items of the
 * top-level JSON array, each parsed on its own as soon as it is complete, so a 10 MB batch never
 * sits in memory as one document.
 *
 * A record comes out flat: `{ field: value }` with nested elements / objects named `Parent.Field`
 * (a relationship: `<Account><sObject><External_Id__c>…` or `{"Account": {"External_Id__c": …}}`).
 * Repeated elements (`<errors>` of a result) are kept as a list under `children`.
 *
 * XML safety: DOCTYPE / ENTITY declarations are refused; only the five predefined entities and
 * numeric references are decoded (no expansion). Attributes are ignored except `xsi:nil="true"`.
 */
import { StringDecoder } from 'string_decoder';
import { decodeXmlText } from '../xml';

export class RecordFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordFileError';
  }
}

/** An element of a record: its text (leaf), or its child elements in order. */
export interface XmlNode {
  name: string;
  text: string;
  nil: boolean;
  children: XmlNode[];
}

/**
 * Streams the elements at depth 2 (the records) of an XML document. Text is accumulated only for
 * the record being read; anything outside records is skipped.
 */
export async function* xmlRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<XmlNode[]> {
  const decoder = new StringDecoder('utf8');
  const reader = new XmlRecordReader();
  for await (const chunk of source) {
    const out: XmlNode[] = [];
    reader.push(typeof chunk === 'string' ? chunk : decoder.write(chunk), out);
    if (out.length > 0) {
      yield out;
    }
  }
  const out: XmlNode[] = [];
  reader.push(decoder.end(), out);
  reader.end();
  if (out.length > 0) {
    yield out;
  }
}

class XmlRecordReader {
  private carry = '';
  /** Open elements from the root down. */
  private readonly stack: XmlNode[] = [];
  private sawRoot = false;

  push(text: string, out: XmlNode[]): void {
    const s = this.carry + text;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        this.addText(s.slice(i));
        this.carry = '';
        return;
      }
      if (lt > i) {
        this.addText(s.slice(i, lt));
        i = lt;
      }
      // Which kind of markup, and where it ends.
      let end: number;
      if (s.startsWith('<!--', lt)) {
        end = s.indexOf('-->', lt + 4);
        if (end < 0) {
          break;
        }
        i = end + 3;
        continue;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        end = s.indexOf(']]>', lt + 9);
        if (end < 0) {
          break;
        }
        this.addRawText(s.slice(lt + 9, end));
        i = end + 3;
        continue;
      }
      if (s.startsWith('<!', lt) && /^<!(DOCTYPE|ENTITY)/i.test(s.slice(lt, lt + 10))) {
        throw new RecordFileError('The XML declares a DOCTYPE or entities, which a Bulk API file never does.');
      }
      if (s.length - lt < 10 && s.startsWith('<!', lt)) {
        break; // cannot tell yet
      }
      end = s.indexOf('>', lt + 1);
      if (end < 0) {
        break;
      }
      this.tag(s.slice(lt + 1, end), out);
      i = end + 1;
    }
    this.carry = s.slice(i);
    if (this.carry.length > 1024 * 1024) {
      throw new RecordFileError('The XML has a tag longer than 1 MB.');
    }
  }

  end(): void {
    if (this.carry.trim() !== '' || this.stack.length > 0 || !this.sawRoot) {
      throw new RecordFileError('The XML file ends early (an element was never closed).');
    }
  }

  private addText(raw: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && this.stack.length >= 3 && raw !== '') {
      top.text += raw; // decoded when the element closes (an entity may be cut by a chunk boundary)
    }
  }

  private addRawText(raw: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && this.stack.length >= 3) {
      top.text += raw.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    }
  }

  private tag(inner: string, out: XmlNode[]): void {
    if (inner.startsWith('?')) {
      return; // <?xml …?>
    }
    if (inner.startsWith('/')) {
      const node = this.stack.pop();
      if (node === undefined || node.name !== localName(inner.slice(1).trim())) {
        throw new RecordFileError(`The XML is not well-formed (unexpected </${inner.slice(1, 60).trim()}>).`);
      }
      this.close(node, out);
      return;
    }
    const selfClosing = inner.endsWith('/');
    const body = selfClosing ? inner.slice(0, -1) : inner;
    const m = /^([^\s/>]+)/.exec(body);
    if (!m) {
      throw new RecordFileError('The XML is not well-formed (an empty tag).');
    }
    const node: XmlNode = { name: localName(m[1]), text: '', nil: /\bnil\s*=\s*["']true["']/.test(body), children: [] };
    if (this.stack.length === 0) {
      if (this.sawRoot) {
        throw new RecordFileError('The XML has more than one root element.');
      }
      this.sawRoot = true;
    }
    this.stack.push(node);
    if (selfClosing) {
      this.stack.pop();
      this.close(node, out);
    }
  }

  private close(node: XmlNode, out: XmlNode[]): void {
    const depth = this.stack.length; // after popping: 0 = root, 1 = a record
    if (depth === 1) {
      out.push(node);
    } else if (depth >= 2) {
      node.text = node.children.length > 0 ? '' : decodeXmlText(node.text); // '': layout whitespace between children
      this.stack[depth - 1].children.push(node);
    }
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/**
 * A record as flat fields: leaves by name, nested elements as `Parent.Field` (a relationship's
 * `<sObject>` wrapper is skipped). The first of repeated names wins (XML query results repeat `Id`).
 * `nilValue` is what `xsi:nil="true"` becomes.
 */
export function flattenXml(record: XmlNode, nilValue: string, skip: ReadonlySet<string> = new Set()): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: XmlNode[], prefix: string): void => {
    for (const n of nodes) {
      if (prefix === '' && skip.has(n.name)) {
        continue;
      }
      if (n.children.length > 0) {
        const inner = n.children.length === 1 && n.children[0].name === 'sObject' ? n.children[0].children : n.children;
        walk(inner, `${prefix}${n.name}.`);
        continue;
      }
      const key = prefix + n.name;
      if (!out.has(key)) {
        out.set(key, n.nil ? nilValue : n.text);
      }
    }
  };
  walk(record.children, '');
  return out;
}

/** Streams the items of a top-level JSON array, parsed one by one. */
export async function* jsonRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<unknown[]> {
  const decoder = new StringDecoder('utf8');
  const reader = new JsonArrayReader();
  for await (const chunk of source) {
    const out: unknown[] = [];
    reader.push(typeof chunk === 'string' ? chunk : decoder.write(chunk), out);
    if (out.length > 0) {
      yield out;
    }
  }
  const out: unknown[] = [];
  reader.push(decoder.end(), out);
  reader.end();
  if (out.length > 0) {
    yield out;
  }
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const DQUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

class JsonArrayReader {
  /** 0: before `[`; 1: inside the array, between items; 2: after `]`. */
  private phase = 0;
  /** Text of the item being read. */
  private item = '';
  private depth = 0;
  private inString = false;
  private escaped = false;

  push(text: string, out: unknown[]): void {
    const n = text.length;
    let i = 0;
    let from = -1; // where the current item's text starts in `text`
    if (this.depth > 0 || this.item !== '') {
      from = 0;
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.phase === 0) {
        if (c === 0xfeff || c <= 32) {
          i++;
          continue;
        }
        if (c !== OPEN_BRACKET) {
          throw new RecordFileError('The JSON file is not an array of records.');
        }
        this.phase = 1;
        i++;
        continue;
      }
      if (this.phase === 2) {
        if (c > 32) {
          throw new RecordFileError('The JSON file has text after its array.');
        }
        i++;
        continue;
      }
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
        } else if (c === BACKSLASH) {
          this.escaped = true;
        } else if (c === DQUOTE) {
          this.inString = false;
        }
        i++;
        continue;
      }
      if (this.depth === 0) {
        // Between items.
        if (c <= 32 || c === COMMA) {
          i++;
          continue;
        }
        if (c === CLOSE_BRACKET) {
          this.phase = 2;
          i++;
          continue;
        }
        from = i;
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          throw new RecordFileError('The JSON array holds something other than records.');
        }
      }
      if (c === DQUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          const itemText = this.item + text.slice(from, i + 1);
          this.item = '';
          from = -1;
          try {
            out.push(JSON.parse(itemText));
          } catch {
            throw new RecordFileError('The JSON file holds a malformed record.');
          }
        }
      }
      i++;
    }
    if (from >= 0 && this.depth > 0) {
      this.item += text.slice(from);
      if (this.item.length > 16 * 1024 * 1024) {
        throw new RecordFileError('The JSON file has a record larger than 16 MB.');
      }
    }
  }

  end(): void {
    if (this.phase !== 2) {
      throw new RecordFileError('The JSON file ends early (the array was never closed).');
    }
  }
}

/**
 * A JSON record as flat fields: nested objects as `Parent.Field`, `attributes` dropped, numbers and
 * booleans as text, `null` as `nullValue`. Arrays are kept as JSON text.
 */
export function flattenJson(record: unknown, nullValue: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'attributes' && v !== null && typeof v === 'object') {
        continue;
      }
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        walk(v as Record<string, unknown>, `${prefix}${k}.`);
      } else if (v === null || v === undefined) {
        out.set(prefix + k, nullValue);
      } else if (typeof v === 'string') {
        out.set(prefix + k, v);
      } else if (Array.isArray(v)) {
        out.set(prefix + k, JSON.stringify(v));
      } else {
        out.set(prefix + k, String(v));
      }
    }
  };
  if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
    walk(record as Record<string, unknown>, '');
  }
  return out;
}
