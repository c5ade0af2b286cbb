/**
 * The only XML parsing in the extension. Salesforce's Bulk 1.0 bodies are small, flat documents
 * (`<jobInfo>`, `<batchInfo>`, `<batchInfoList>`, `<error>`): no DTDs, no custom entities.
 *
 * Safety: any `<!DOCTYPE` or `<!ENTITY` is refused before parsing (so a billion-laughs or
 * external-entity body expands nothing and fails fast); fast-xml-parser runs with entity processing
 * off, and only the five predefined XML entities and numeric character references are decoded
 * here, by a single linear replace that cannot expand. Values stay strings (`parseTagValue: false`):
 * ids like `750…` or `005…` never turn into numbers; `normalize.ts` converts known fields itself.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRefused';
  }
}

/** A parsed element: text, or child elements by local name (repeated children become arrays). */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes `&lt; &gt; &amp; &quot; &apos; &#NN; &#xHH;`; anything else is left as written. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) {
    return text;
  }
  return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

function decodeTree(value: unknown): XmlValue {
  if (typeof value === 'string') {
    return decodeXmlText(value);
  }
  if (Array.isArray(value)) {
    return value.map(decodeTree);
  }
  if (value !== null && typeof value === 'object') {
    const out: XmlObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = decodeTree(v);
    }
    return out;
  }
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Parses an XML document into plain objects keyed by element local name (namespace prefixes and
 * attributes dropped). Throws `XmlRefused` for DTDs/entities and for anything that is not
 * well-formed XML (including a truncated body).
 */
export function parseXml(text: string): XmlObject {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new XmlRefused('The XML body declares a DOCTYPE or entities, which a Bulk API response never does.');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlRefused(`The XML body is not well-formed (${valid.err.msg}, line ${valid.err.line}).`);
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
  });
  const parsed: unknown = parser.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new XmlRefused('The XML body has no root element.');
  }
  return decodeTree(parsed) as XmlObject;
}
