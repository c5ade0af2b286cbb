import * as assert from 'assert';
import fc from 'fast-check';
import {
  checkId,
  computeSuffix,
  findBulkIds,
  id15 as fifteenOf,
  isBatchId,
  isJobId,
  isUserId,
  isValidId,
  keyPrefix,
  sameId,
  setupDeepLink,
  to18,
} from '../../../src/salesforce/ids';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const alnum = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: max });
const id15 = alnum(15, 15);
const bulk15 = fc.tuple(fc.constantFrom('750', '751'), alnum(12, 12)).map(([p, rest]) => p + rest);

describe('salesforce/ids', () => {
  describe('suffix and to18', () => {
    it('computes the documented example', () => {
      assert.strictEqual(computeSuffix('a0D30000001n7Pi'), 'EAI');
      assert.strictEqual(to18('a0D30000001n7Pi'), 'a0D30000001n7PiEAI');
    });

    it('matches the seed page ids', () => {
      assert.strictEqual(to18('750D00000004SkL'), '750D00000004SkLIAU');
      assert.strictEqual(to18('750D00000004SkG'), '750D00000004SkGIAU');
      assert.strictEqual(to18('005D0000001b0fF'), '005D0000001b0fFIAQ');
    });

    it('all-lowercase/digits gives AAA, all-uppercase gives 555', () => {
      assert.strictEqual(computeSuffix('000000000000000'), 'AAA');
      assert.strictEqual(computeSuffix('ABCDEABCDEABCDE'), '555');
    });

    it('to18 keeps a valid 18-char id and throws on invalid input', () => {
      assert.strictEqual(to18('750D00000004SkLIAU'), '750D00000004SkLIAU');
      assert.throws(() => to18('750D00000004SkLIAA'));
      assert.throws(() => to18('750D00000004Sk'));
      assert.throws(() => to18('750D00000004Sk-'));
    });

    it('property: to18 of any 15-char id verifies, keeps the first 15, and is idempotent', () => {
      fc.assert(
        fc.property(id15, (id) => {
          const long = to18(id);
          assert.strictEqual(long.length, 18);
          assert.strictEqual(long.slice(0, 15), id);
          assert.ok(isValidId(long));
          assert.strictEqual(to18(long), long);
          assert.match(long.slice(15), /^[A-Z0-5]{3}$/);
        }),
      );
    });

    it('property: changing the case of one letter changes the suffix', () => {
      fc.assert(
        fc.property(id15, fc.nat(14), (id, i) => {
          const c = id[i];
          fc.pre(c.toLowerCase() !== c.toUpperCase());
          const flipped = id.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + id.slice(i + 1);
          assert.notStrictEqual(computeSuffix(flipped), computeSuffix(id));
          assert.ok(!isValidId(flipped + computeSuffix(id)));
        }),
      );
    });
  });

  describe('kinds and prefixes', () => {
    it('tells job ids from batch ids', () => {
      assert.ok(isJobId('750D00000004SkLIAU'));
      assert.ok(isJobId('750D00000004SkL'));
      assert.ok(!isJobId('751D00000004SkL'));
      assert.ok(isBatchId(to18('751D00000004SkL')));
      assert.ok(!isBatchId('750D00000004SkLIAU'));
      assert.ok(!isJobId('707D00000004SkL'));
      assert.ok(!isJobId('750D00000004SkLIAA'), 'wrong suffix');
      assert.strictEqual(keyPrefix('005D0000001b0fFIAQ'), '005');
    });
  });

  describe('checkId', () => {
    it('accepts 15 and 18 characters and gives the 18-char form', () => {
      const a = checkId('  750D00000004SkL  ', 'job');
      assert.deepStrictEqual(a, { ok: true, id18: '750D00000004SkLIAU', id15: '750D00000004SkL', kind: 'job' });
      const b = checkId('750D00000004SkLIAU');
      assert.ok(b.ok && b.kind === 'job');
      const c = checkId('a0D30000001n7Pi');
      assert.ok(c.ok && c.kind === undefined && c.id18 === 'a0D30000001n7PiEAI');
    });

    const cases: Array<[string, 'job' | 'batch' | undefined, string]> = [
      ['', 'job', 'empty'],
      ['   ', undefined, 'empty'],
      ['750D00000004Sk', 'job', 'length'],
      ['750D00000004SkLI', 'job', 'length'],
      ['750D00000004SkLIA', 'job', 'length'],
      ['750D00000004SkLIAUX', 'job', 'length'],
      ['750D00000004Sk-', 'job', 'characters'],
      ['750D00000004SkL_AU', 'job', 'characters'],
      ['750D0000 0004SkL', 'job', 'characters'],
      ['750D00000004SkÄ', 'job', 'characters'],
      ['751D00000004SkL', 'job', 'prefix'],
      ['750D00000004SkL', 'batch', 'prefix'],
      ['707D00000004SkLIAU', 'job', 'prefix'],
      ['750D00000004SkLIAA', 'job', 'suffix'],
      ['750d00000004sklIAU', 'job', 'suffix'],
    ];
    for (const [input, expected, problem] of cases) {
      it(`says ${problem} for ${JSON.stringify(input)}${expected ? ` (${expected})` : ''}`, () => {
        const r = checkId(input, expected);
        assert.strictEqual(r.ok, false);
        if (!r.ok) {
          assert.strictEqual(r.problem, problem);
          assert.ok(r.message.length > 10);
        }
      });
    }

    it('names the right suffix in its message', () => {
      const r = checkId('750D00000004SkLIAA', 'job');
      assert.ok(!r.ok && r.message.includes('IAU'));
    });
  });

  describe('findBulkIds', () => {
    it('finds 15- and 18-char job and batch ids with offsets', () => {
      const text = 'job 750D00000004SkLIAU, batch 751D00000004SkL; (750D00000004SkG)\n/job/750D00000004SkGIAU/batch';
      const found = findBulkIds(text);
      assert.deepStrictEqual(
        found.map((f) => [f.text, f.id18, f.kind, text.slice(f.start, f.end)]),
        [
          ['750D00000004SkLIAU', '750D00000004SkLIAU', 'job', '750D00000004SkLIAU'],
          ['751D00000004SkL', to18('751D00000004SkL'), 'batch', '751D00000004SkL'],
          ['750D00000004SkG', '750D00000004SkGIAU', 'job', '750D00000004SkG'],
          ['750D00000004SkGIAU', '750D00000004SkGIAU', 'job', '750D00000004SkGIAU'],
        ],
      );
      assert.strictEqual(found[0].start, 4);
      assert.strictEqual(found[0].end, 22);
    });

    it('finds the id in a Setup link after a URL-escaped slash', () => {
      const link = setupDeepLink('https://acme.my.salesforce.com', '750D00000004SkL');
      const found = findBulkIds(link);
      assert.deepStrictEqual(found.map((f) => [f.id18, link.slice(f.start, f.end)]), [['750D00000004SkLIAU', '750D00000004SkLIAU']]);
      assert.deepStrictEqual(findBulkIds('%2F750D00000004SkLx'), []);
    });

    it('prefers the 18-char id over its 15-char prefix', () => {
      const found = findBulkIds('750D00000004SkLIAU');
      assert.strictEqual(found.length, 1);
      assert.strictEqual(found[0].end - found[0].start, 18);
    });

    const misses = [
      'x750D00000004SkLIAU',
      '750D00000004SkLIAUx',
      '0750D00000004SkL',
      '750D00000004SkLI',
      '750D00000004SkLIA',
      '750D00000004SkLIAA',
      'dGhpcyBpcyBhIGxvbmc750D00000004SkLIAUYmFzZTY0IGJsb2I',
      '707D00000004SkLIAU',
      '750D00000004Sk',
    ];
    for (const text of misses) {
      it(`finds nothing in ${text}`, () => {
        assert.deepStrictEqual(findBulkIds(text), []);
      });
    }

    it('property: an id surrounded by non-alphanumeric text is found exactly once at its offsets', () => {
      const sep = fc.string({ unit: fc.constantFrom(' ', '\n', ',', '/', '"', '(', ')', ':', '-', '_', '.', '=', 'é'), maxLength: 10 });
      fc.assert(
        fc.property(sep, bulk15, fc.boolean(), sep, (before, id, long, after) => {
          const written = long ? to18(id) : id;
          const text = before + written + after;
          const found = findBulkIds(text);
          assert.strictEqual(found.length, 1);
          assert.strictEqual(found[0].start, before.length);
          assert.strictEqual(found[0].end, before.length + written.length);
          assert.strictEqual(found[0].id18, to18(id));
          assert.strictEqual(found[0].kind, id.startsWith('750') ? 'job' : 'batch');
        }),
      );
    });

    it('property: an id glued to letters or digits is never found at its place', () => {
      fc.assert(
        fc.property(alnum(1, 6), bulk15, fc.boolean(), fc.boolean(), (glue, id, long, gluedBefore) => {
          const written = long ? to18(id) : id;
          const text = gluedBefore ? `(${glue}${written}) ` : `(${written}${glue}) `;
          const start = gluedBefore ? 1 + glue.length : 1;
          const hits = findBulkIds(text);
          // The only candidate is the whole glued run, which is longer than the id.
          assert.ok(!hits.some((h) => h.start === start && h.end === start + written.length));
          for (const h of hits) {
            assert.strictEqual(h.end - h.start, written.length + glue.length);
          }
        }),
      );
    });

    it('property: every hit is a whole alphanumeric run of 15 or 18 valid characters', () => {
      const noisy = fc.string({ unit: fc.constantFrom(...(ALNUM + '  /\n.750751IAU')), maxLength: 200 });
      fc.assert(
        fc.property(noisy, (text) => {
          for (const f of findBulkIds(text)) {
            const run = text.slice(f.start, f.end);
            assert.ok(run.length === 15 || run.length === 18);
            assert.ok(isValidId(run));
            assert.ok(f.start === 0 || !/[0-9A-Za-z]/.test(text[f.start - 1]));
            assert.ok(f.end === text.length || !/[0-9A-Za-z]/.test(text[f.end]));
          }
        }),
      );
    });
  });

  describe('setupDeepLink', () => {
    it('builds the Setup link with the 18-char id', () => {
      assert.strictEqual(
        setupDeepLink('https://acme.my.salesforce.com/', '750D00000004SkL'),
        'https://acme.my.salesforce.com/lightning/setup/AsyncApiJobStatus/page?address=%2F750D00000004SkLIAU',
      );
    });
  });
});

describe('user ids and comparing ids', () => {
  it('a user id is 005 and 15 or 18 letters and digits', () => {
    assert.strictEqual(isUserId('005000000000001'), true);
    assert.strictEqual(isUserId('005000000000001AAA'), true);
    assert.strictEqual(isUserId('750000000000001'), false);
    assert.strictEqual(isUserId('0050000000000011'), false);
    assert.strictEqual(isUserId('005-00000000001'), false);
  });

  it('the 15 and 18-character forms name the same record; case matters; an unknown id is never the same', () => {
    assert.strictEqual(sameId('750R0000000zxcv', '750R0000000zxcvIAA'), true);
    assert.strictEqual(sameId('750R0000000zxcv', '750r0000000zxcv'), false);
    assert.strictEqual(sameId(undefined, '750R0000000zxcv'), false);
    assert.strictEqual(sameId(undefined, undefined), false);
    assert.strictEqual(fifteenOf('750R0000000zxcvIAA'), '750R0000000zxcv');
  });
});
