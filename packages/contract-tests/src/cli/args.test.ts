import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

const SITE = '65f0a1b2c3d4e5f6a7b8c9d0';
const base = ['--base-url', 'http://127.0.0.1:4010', '--token', 'tok', '--site-id', SITE];

describe('parseArgs', () => {
  it('reads the minimal command line with defaults', () => {
    expect(parseArgs(base)).toEqual({
      kind: 'run',
      options: {
        api: 'webflow-assets',
        baseUrl: 'http://127.0.0.1:4010',
        token: 'tok',
        vars: { siteId: SITE },
        readOnly: false,
        strict: false,
        exerciseRateLimit: false,
      },
    });
  });

  it('reads every flag, in --flag value and --flag=value forms', () => {
    const parsed = parseArgs([
      ...base,
      '--token-read-only=ro',
      '--locale-id',
      '65f0a1b2c3d4e5f6a7b8c9e2',
      '--read-only',
      '--strict',
      '--exercise-rate-limit',
      '--rate-limit=30/min',
      '--junit',
      'out.xml',
      '--json=out.json',
      '--min-coverage',
      '90%',
      '--api',
      'webflow-assets',
      '--timeout',
      '2.5',
    ]);
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        api: 'webflow-assets',
        baseUrl: 'http://127.0.0.1:4010',
        token: 'tok',
        readOnlyToken: 'ro',
        vars: { siteId: SITE, localeId: '65f0a1b2c3d4e5f6a7b8c9e2' },
        readOnly: true,
        strict: true,
        exerciseRateLimit: true,
        rateLimit: { requests: 30, windowMs: 60_000 },
        junit: 'out.xml',
        json: 'out.json',
        minCoverage: 90,
        timeoutMs: 2_500,
      },
    });
  });

  it.each([
    ['5', 5_000],
    ['2.5s', 2_500],
    ['500ms', 500],
    ['600s', 600_000],
  ])('reads --timeout %s as %d ms', (value, ms) => {
    expect(parseArgs([...base, '--timeout', value])).toMatchObject({ kind: 'run', options: { timeoutMs: ms } });
  });

  it('reads --rate-limit unlimited as no limit', () => {
    expect(parseArgs([...base, '--rate-limit', 'unlimited'])).toMatchObject({
      kind: 'run',
      options: { rateLimit: null },
    });
  });

  it.each([
    { argv: [], problems: ['--base-url is required', '--token is required', '--site-id is required'] },
    {
      argv: ['--base-url', 'ftp://x', '--token', 't', '--site-id', SITE],
      problems: ['--base-url must be an http(s) URL'],
    },
    { argv: ['--base-url', 'not a url', '--token', 't', '--site-id', SITE], problems: ['--base-url must be a URL'] },
    {
      argv: ['--base-url', 'http://user:secretpw@127.0.0.1:4010', '--token', 't', '--site-id', SITE],
      problems: ['--base-url must not hold a user name or password (the credential goes in --token)'],
    },
    // Found in review: the query was dropped without a word (every call's URL is root + path + query).
    {
      argv: ['--base-url', 'https://api.webflow.com/v2?x=1', '--token', 't', '--site-id', SITE],
      problems: [
        '--base-url must not have a query string, got "?x=1": every call is the API root plus the operation\'s own path and query',
      ],
    },
    {
      argv: [...base.slice(0, 4), '--site-id', 'abc'],
      problems: ['--site-id must be a 24-character hex ObjectId, got "abc"'],
    },
    { argv: [...base, '--min-coverage', '120'], problems: ['--min-coverage must be a percentage from 0 to 100'] },
    { argv: [...base, '--rate-limit', 'fast'], problems: ['--rate-limit must look like 60/min'] },
    { argv: [...base, '--bogus'], problems: ['unknown option --bogus'] },
    // Found in review: another API's flag was "unknown", and its value one more stray argument.
    {
      argv: [...base, '--path-prefix', 'team'],
      problems: ['--path-prefix belongs to --api konifer-assets; this run is --api webflow-assets'],
    },
    {
      argv: ['--api', 'konifer-assets', '--base-url', 'http://127.0.0.1:4010', `--site-id=${SITE}`],
      problems: ['--site-id belongs to --api webflow-assets; this run is --api konifer-assets'],
    },
    { argv: [...base, 'stray'], problems: ['unexpected argument "stray"'] },
    { argv: [...base, '--junit'], problems: ['--junit needs a value'] },
    { argv: [...base, '--json', '--strict'], problems: ['--json needs a value'] },
    { argv: [...base, '--strict=yes'], problems: ['--strict takes no value'] },
    { argv: [...base, '--token', 'again'], problems: ['--token is given twice'] },
    { argv: [...base, '--api', 'nope'], problems: ['--api "nope" is not one of: webflow-assets'] },
    { argv: ['--api', ...base], problems: ['--api needs a value: one of webflow-assets'] },
    { argv: [...base, '--api'], problems: ['--api needs a value'] },
    // Found in review: a bad --api hid every other problem until it was fixed.
    {
      argv: ['--api', 'nope', '--site-id', SITE, '--min-coverage', 'all', '--timeout', 'x'],
      problems: [
        '--api "nope" is not one of: webflow-assets',
        '--base-url is required',
        '--min-coverage must be a percentage',
        '--timeout must be a duration',
      ],
    },
    {
      argv: ['--api', '--base-url', 'ftp://x', '--bogus'],
      problems: [
        '--api needs a value: one of webflow-assets',
        'unknown option --bogus',
        '--base-url must be an http(s) URL',
      ],
    },
    ...['0', '-1', '10m', '601', '0.1ms', ''].map((value) => ({
      argv: [...base, `--timeout=${value}`],
      problems: [`--timeout must be a duration from 1 ms to 600 s (30, 2.5s or 500ms), got ${JSON.stringify(value)}`],
    })),
  ])('reports $problems', ({ argv, problems }) => {
    const parsed = parseArgs(argv);
    expect(parsed.kind).toBe('error');
    const found = parsed.kind === 'error' ? parsed.problems : [];
    expect(found).toHaveLength(problems.length);
    problems.forEach((problem, i) => {
      expect(found[i]).toContain(problem);
    });
  });

  it('answers help before checking anything else', () => {
    expect(parseArgs(['--help'])).toEqual({ kind: 'help', api: 'webflow-assets' });
    expect(parseArgs(['-h', '--bogus'])).toEqual({ kind: 'help', api: 'webflow-assets' });
  });
});
