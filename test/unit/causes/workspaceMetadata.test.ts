/** Finding the org's metadata in an SFDX workspace through sfdx-project.json, and matching failures to it. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCauses } from '../../../src/causes/parseMessage';
import {
  matchFlowByLabel, matchValidationRule, readFlow, readValidationRule, rootChildren, SfdxWorkspace,
  type FlowFile, type MetadataFs, type ValidationRuleFile,
} from '../../../src/causes/workspaceMetadata';

/** Node's fs behind the injected interface, counting directory reads. */
function nodeFs(): MetadataFs & { listed: string[] } {
  const listed: string[] = [];
  return {
    listed,
    readFile: (p) => fs.promises.readFile(p, 'utf8'),
    readDirectory: async (p) => {
      listed.push(p);
      const entries = await fs.promises.readdir(p, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
    },
    exists: async (p) => fs.existsSync(p),
  };
}

function write(root: string, relative: string, text: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function rule(name: string, message: string, active = true, formula = 'ISBLANK(TEXT(Industry))'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ValidationRule xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${name}</fullName>
    <active>${active}</active>
    <description>Customers need an industry &amp; a type</description>
    <errorConditionFormula>AND(
    ISPICKVAL(Type, &quot;Customer&quot;),
    ${formula}
)</errorConditionFormula>
    <errorDisplayField>Industry</errorDisplayField>
    <errorMessage>${message}</errorMessage>
</ValidationRule>
`;
}

function flow(label: string, status: string, processType = 'Workflow'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Flow xmlns="http://soap.sforce.com/2006/04/metadata">
    <actionCalls>
        <name>Send_Email</name>
        <label>Send the welcome email</label>
    </actionCalls>
    <apiVersion>60.0</apiVersion>
    <!-- <label>Not this one</label> -->
    <label>${label}</label>
    <processType>${processType}</processType>
    <status>${status}</status>
</Flow>
`;
}

describe('causes/workspaceMetadata', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-causes-'));
    write(root, 'sfdx-project.json', JSON.stringify({
      packageDirectories: [
        { path: 'force-app', default: true },
        { path: 'packages/billing/' },
      ],
      sourceApiVersion: '60.0',
    }));
    write(root, 'force-app/main/default/triggers/AccountTrigger.trigger', 'trigger AccountTrigger on Account (before insert) {}');
    write(root, 'force-app/main/default/objects/Account/validationRules/Require_Industry.validationRule-meta.xml',
      rule('Require_Industry', 'Industry is required for customers'));
    write(root, 'force-app/main/default/objects/Account/validationRules/Old_Rule.validationRule-meta.xml',
      rule('Old_Rule', 'Industry is required for customers', false));
    write(root, 'force-app/main/default/flows/Account_After_Save.flow-meta.xml', flow('Account After Save', 'Active'));
    // The class lives in the second package directory only.
    write(root, 'packages/billing/main/classes/AccountService.cls', 'public class AccountService {}');
    write(root, 'packages/billing/main/classes/AccountService.cls-meta.xml', '<ApexClass/>');
    write(root, 'packages/billing/objects/Invoice__c/validationRules/Amount_Positive.validationRule-meta.xml',
      rule('Amount_Positive', 'The amount of an invoice must be greater than zero, and the currency must match the account currency of the customer', true, 'Amount__c <= 0'));
    // Outside the package directories, and in skipped folders: never found.
    write(root, 'scratch/classes/Stray.cls', 'public class Stray {}');
    write(root, 'force-app/node_modules/pkg/classes/Hidden.cls', 'public class Hidden {}');
    write(root, 'force-app/.sfdx/classes/Cached.cls', 'public class Cached {}');
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const posix = (p: string): string => p.replace(/\\/g, '/');

  it('reads the package directories of sfdx-project.json, the default one first, paths relative to the project', async () => {
    write(root, 'sfdx-project.json', JSON.stringify({ packageDirectories: [{ path: 'libs' }, { path: './app', default: true }, { path: 42 }, {}] }));
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    assert.deepStrictEqual(ws?.packageDirectories, [`${posix(root)}/app`, `${posix(root)}/libs`]);
  });

  it('is no SFDX workspace without a readable sfdx-project.json', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-causes-none-'));
    try {
      assert.strictEqual(await SfdxWorkspace.open(nodeFs(), empty), undefined);
      write(empty, 'sfdx-project.json', '{ not json');
      assert.strictEqual(await SfdxWorkspace.open(nodeFs(), empty), undefined);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('finds a class in the second package directory and a trigger in the first, ignoring case', async () => {
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    assert.strictEqual(await ws?.findApexClass('AccountService'), `${posix(root)}/packages/billing/main/classes/AccountService.cls`);
    assert.strictEqual(await ws?.findApexClass('accountservice'), `${posix(root)}/packages/billing/main/classes/AccountService.cls`);
    assert.strictEqual(await ws?.findTrigger('AccountTrigger'), `${posix(root)}/force-app/main/default/triggers/AccountTrigger.trigger`);
    assert.strictEqual(await ws?.findApexClass('AccountTrigger'), undefined, 'a trigger is not a class');
  });

  it('finds nothing outside the package directories or in node_modules and .sfdx', async () => {
    const files = nodeFs();
    const ws = await SfdxWorkspace.open(files, root);
    assert.strictEqual(await ws?.findApexClass('Stray'), undefined);
    assert.strictEqual(await ws?.findApexClass('Hidden'), undefined);
    assert.strictEqual(await ws?.findApexClass('Cached'), undefined);
    assert.ok(files.listed.every((p) => !/node_modules|\.sfdx|scratch/.test(p)), files.listed.join('\n'));
    assert.strictEqual(await ws?.searchWasTruncated(), false);
  });

  it('walks the package directories once per workspace', async () => {
    const files = nodeFs();
    const ws = await SfdxWorkspace.open(files, root);
    await Promise.all([ws?.findApexClass('AccountService'), ws?.findTrigger('AccountTrigger')]);
    const once = files.listed.length;
    await ws?.flows();
    assert.strictEqual(files.listed.length, once);
  });

  it('finds the files of the stack frames of a real message', async () => {
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    const frames = parseCauses('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY:AccountTrigger: execution of BeforeInsert caused by: System.NullPointerException: Attempt to de-reference a null object Class.AccountService.applyDefaults: line 42, column 1 Trigger.AccountTrigger: line 5, column 1:--').frames;
    const found = await Promise.all(frames.map((f) => ws?.findFrame(f)));
    assert.deepStrictEqual(found, [
      `${posix(root)}/packages/billing/main/classes/AccountService.cls`,
      `${posix(root)}/force-app/main/default/triggers/AccountTrigger.trigger`,
    ]);
    // A namespaced or inner-class frame: the first candidate the workspace has.
    assert.strictEqual(await ws?.findFrame({ kind: 'class', candidates: ['AccountService', 'billing'] }), `${posix(root)}/packages/billing/main/classes/AccountService.cls`);
    assert.strictEqual(await ws?.findFrame({ kind: 'class', candidates: ['billing', 'AccountService'] }), `${posix(root)}/packages/billing/main/classes/AccountService.cls`);
    assert.strictEqual(await ws?.findFrame({ kind: 'class', candidates: ['Nowhere'] }), undefined);
  });

  it("reads an object's validation rules: name, active, formula, message, display field", async () => {
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    const rules = await ws?.validationRules('account');
    assert.deepStrictEqual(rules?.map((r) => [r.object, r.name, r.active]), [['Account', 'Old_Rule', false], ['Account', 'Require_Industry', true]]);
    const require = rules?.find((r) => r.name === 'Require_Industry');
    assert.strictEqual(require?.errorConditionFormula, 'AND(\n    ISPICKVAL(Type, "Customer"),\n    ISBLANK(TEXT(Industry))\n)');
    assert.strictEqual(require?.errorMessage, 'Industry is required for customers');
    assert.strictEqual(require?.errorDisplayField, 'Industry');
    assert.strictEqual(require?.description, 'Customers need an industry & a type');
    assert.deepStrictEqual((await ws?.validationRules('Invoice__c'))?.map((r) => r.name), ['Amount_Positive']);
    assert.deepStrictEqual(await ws?.validationRules('Contact'), []);
  });

  it('matches a validation failure to the active rule with its message, and a cut message by prefix', async () => {
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    const account = (await ws?.validationRules('Account')) ?? [];
    const exact = matchValidationRule(parseCauses('FIELD_CUSTOM_VALIDATION_EXCEPTION:Industry is required for customers:Industry --').validationMessage ?? '', account);
    assert.deepStrictEqual([exact?.rule.name, exact?.how], ['Require_Industry', 'exact'], 'the active rule wins over the inactive one');
    assert.strictEqual(matchValidationRule('  Industry   is required\nfor customers ', account)?.rule.name, 'Require_Industry', 'whitespace aside');
    const invoice = (await ws?.validationRules('Invoice__c')) ?? [];
    const cut = matchValidationRule('The amount of an invoice must be greater than zero, and the curr...', invoice);
    assert.deepStrictEqual([cut?.rule.name, cut?.how], ['Amount_Positive', 'prefix']);
    assert.strictEqual(matchValidationRule('The amount', invoice), undefined, 'too short to match by prefix');
    assert.strictEqual(matchValidationRule('Industry must be set', account), undefined, 'not a rule message, and not the start of one');
    assert.strictEqual(matchValidationRule('Industry is required', account)?.how, 'prefix', 'the start of a rule message (Salesforce cut it)');
    assert.strictEqual(matchValidationRule('', account), undefined);
  });

  it('reads flows and matches a flow label, active ones first', async () => {
    write(root, 'packages/billing/flows/Account_After_Save_v1.flow-meta.xml', flow('Account After Save', 'Obsolete'));
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    const flows = (await ws?.flows()) ?? [];
    assert.deepStrictEqual(flows.map((f) => [f.apiName, f.label, f.processType, f.status]), [
      ['Account_After_Save', 'Account After Save', 'Workflow', 'Active'],
      ['Account_After_Save_v1', 'Account After Save', 'Workflow', 'Obsolete'],
    ]);
    const label = parseCauses('CANNOT_EXECUTE_FLOW_TRIGGER:We can\'t save this record because the “Account After Save” process failed.:--').flowLabel ?? '';
    assert.deepStrictEqual(matchFlowByLabel(label, [...flows].reverse()).map((f) => f.apiName), ['Account_After_Save', 'Account_After_Save_v1']);
    assert.deepStrictEqual(matchFlowByLabel('account after  save', flows).length, 2);
    assert.deepStrictEqual(matchFlowByLabel('Contact After Save', flows), []);
  });

  it('stops at its bound and says so', async () => {
    const ws = await SfdxWorkspace.open(nodeFs(), root, { maxEntries: 3, maxDepth: 24 });
    assert.strictEqual(await ws?.findApexClass('AccountService'), undefined);
    assert.strictEqual(await ws?.searchWasTruncated(), true);
    const shallow = await SfdxWorkspace.open(nodeFs(), root, { maxEntries: 1000, maxDepth: 1 });
    assert.strictEqual(await shallow?.findApexClass('AccountService'), undefined, 'classes/ is two levels below its package directory');
    assert.strictEqual(await shallow?.searchWasTruncated(), true);
  });

  it('skips a listed package directory that does not exist', async () => {
    write(root, 'sfdx-project.json', JSON.stringify({ packageDirectories: [{ path: 'gone', default: true }, { path: 'packages/billing' }] }));
    const ws = await SfdxWorkspace.open(nodeFs(), root);
    assert.strictEqual(await ws?.findApexClass('AccountService'), `${posix(root)}/packages/billing/main/classes/AccountService.cls`);
  });
});

describe('causes/workspaceMetadata XML reading', () => {
  it("reads the root's direct children only, with CDATA, entities, comments and self-closing tags", () => {
    const xml = '<?xml version="1.0"?><!-- c --><Flow><decisions><label>inner</label></decisions><label><![CDATA[A & <B>]]></label><empty/><status>Active</status><status>Second</status></Flow>';
    const fields = rootChildren(xml);
    assert.strictEqual(fields.get('label'), 'A & <B>');
    assert.strictEqual(fields.get('empty'), '');
    assert.strictEqual(fields.get('status'), 'Active');
    assert.strictEqual(fields.has('decisions'), true);
  });

  it('names a rule and a flow by their file when the XML does not, and never expands entities', () => {
    const r: ValidationRuleFile = readValidationRule('<ValidationRule><active>TRUE</active><errorMessage>&amp;lt; &unknown;</errorMessage></ValidationRule>', '/p/objects/Case/validationRules/Big_Rule.validationRule-meta.xml');
    assert.deepStrictEqual([r.object, r.name, r.active, r.errorMessage, r.errorConditionFormula], ['Case', 'Big_Rule', true, '&lt; &unknown;', '']);
    const f: FlowFile = readFlow('<Flow></Flow>', '/p/flows/My_Flow.flow-meta.xml');
    assert.deepStrictEqual(f, { path: '/p/flows/My_Flow.flow-meta.xml', apiName: 'My_Flow', label: 'My_Flow' });
    const cut = readFlow('<Flow><label>Account Af', '/p/flows/Cut.flow-meta.xml');
    assert.strictEqual(cut.label, 'Cut', 'a file cut short keeps its file name');
  });
});
