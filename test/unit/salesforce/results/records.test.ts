/**
 * The XML / JSON record readers, streamed: chunk boundaries anywhere (inside an XML entity, a UTF-8
 * character, a JSON string), nested fields flattened, and malformed input.
 */
import * as assert from 'assert';
import { flattenJson, flattenXml, jsonRecords, RecordFileError, xmlRecords } from '../../../../src/salesforce/results/records';
import { chunksOf, collect } from './chunks';

describe('salesforce/results/records (XML and JSON, streamed)', () => {
  const XML =
    '<?xml version="1.0" encoding="UTF-8"?>\n<sObjects xmlns="http://www.force.com/2009/06/asyncapi/dataload" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
    '  <sObject><Name>Ada &amp; Co &#x1F680; 東京</Name><Description><![CDATA[a <b> & "c"]]></Description><Phone xsi:nil="true"/><Account><sObject><Ext__c>E-1</Ext__c></sObject></Account></sObject>\n' +
    '  <!-- a comment -->\n  <sObject><Name>Line\none</Name><Description></Description></sObject>\n</sObjects>\n';

  it('reads the records of an XML file cut at every position, entities and CDATA intact', async () => {
    const bytes = Buffer.from(XML, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const nodes = await collect(xmlRecords(chunksOf(bytes, [cut, Math.min(bytes.length, cut + 7)])));
      const flat = nodes.map((n) => Object.fromEntries(flattenXml(n, '#N/A')));
      assert.deepStrictEqual(flat, [
        { Name: 'Ada & Co 🚀 東京', Description: 'a <b> & "c"', Phone: '#N/A', 'Account.Ext__c': 'E-1' },
        { Name: 'Line\none', Description: '' },
      ], `cut at ${cut}`);
    }
  });

  it('refuses a DOCTYPE and a document that ends early', async () => {
    await assert.rejects(collect(xmlRecords(chunksOf(Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'), []))), RecordFileError);
    await assert.rejects(collect(xmlRecords(chunksOf(Buffer.from('<results><result><id>1</id>'), []))), RecordFileError);
  });

  it('reads the items of a JSON array cut at every position; nested objects become Parent.Field', async () => {
    const json = '[ {"Name":"a,\\"b\\"}","N":1,"Ok":true,"Nil":null,"Account":{"Ext__c":"E"},"attributes":{"type":"Account"}} ,\n{"Name":"東京 🚀 [x]"}]';
    const bytes = Buffer.from(json, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const items = await collect(jsonRecords(chunksOf(bytes, [cut])));
      assert.deepStrictEqual(items.map((i) => Object.fromEntries(flattenJson(i, '#N/A'))), [
        { Name: 'a,"b"}', N: '1', Ok: 'true', Nil: '#N/A', 'Account.Ext__c': 'E' },
        { Name: '東京 🚀 [x]' },
      ], `cut at ${cut}`);
    }
  });

  it('refuses JSON that is not an array of records or is cut short', async () => {
    await assert.rejects(collect(jsonRecords(chunksOf(Buffer.from('{"a":1}'), []))), RecordFileError);
    await assert.rejects(collect(jsonRecords(chunksOf(Buffer.from('[{"a":1},{"b"'), []))), RecordFileError);
    await assert.rejects(collect(jsonRecords(chunksOf(Buffer.from('[1,2]'), []))), RecordFileError);
  });
});
