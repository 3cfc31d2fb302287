import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = resolve(fileURLToPath(import.meta.url), '../..');
const repoDir = resolve(packageDir, '../..');
const script = join(packageDir, 'scripts/generate.ts');
const tsx = join(packageDir, 'node_modules/.bin/tsx');

/**
 * Each check runs the whole generator in a child process (lint, openapi-typescript, ajv's
 * standalone code). In a clean-clone CI run, beside every other package's build and tests on 2
 * cores, one took 35 s; the room is for a slower host than that.
 */
const GENERATOR_TIMEOUT_MS = 180_000;

/** Runs the generator's drift check against a checkout; resolves to its exit code and output. */
async function check(root: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [script, '--check', '--root', root], { cwd: packageDir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('the generated-code drift check', { timeout: GENERATOR_TIMEOUT_MS }, () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'assetkit-drift-'));
    await cp(join(repoDir, 'openapi'), join(scratch, 'openapi'), { recursive: true });
    await cp(join(packageDir, 'src/generated'), join(scratch, 'packages/contract/src/generated'), { recursive: true });
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  /** Changes the scratch checkout's spec (the tests run in order, each edit on top of the last). */
  async function editSpec(from: string, to: string): Promise<void> {
    const spec = join(scratch, 'openapi/webflow-assets.yaml');
    const text = await readFile(spec, 'utf8');
    expect(text).toContain(from);
    await writeFile(spec, text.replace(from, to));
  }

  it('passes when the committed files match the spec', async () => {
    const { code, output } = await check(scratch);
    expect(output).toContain('up to date');
    expect(code).toBe(0);
  });

  it('fails, telling you to run pnpm generate, when a schema changed without regenerating', async () => {
    await editSpec('maxLength: 99', 'maxLength: 98');
    const { code, output } = await check(scratch);
    expect(code).toBe(1);
    expect(output).toContain('packages/contract/src/generated/webflow-assets');
    expect(output).toContain('Run `pnpm generate`');
  });

  // Redocly's lint does not know which formats assetkit validates, nor ajv's strict rules: these
  // first fail when ajv compiles, whose message names a place inside some schema it does not name.
  const variantFormat = 'type: string\n          description: format of the variant';
  it.each([
    [
      'a schema with an unknown format',
      variantFormat,
      'type: string\n          format: hexcolor\n          description: format of the variant',
      '#/components/schemas/AssetVariant/properties/format: unknown format "hexcolor"',
    ],
    [
      "a parameter's schema with an unknown format",
      'type: string\n        maxLength: 64',
      'type: string\n        format: locale\n        maxLength: 64',
      '#/components/parameters/LocaleId/schema: unknown format "locale"',
    ],
    [
      'a schema with a keyword for another type',
      variantFormat,
      'type: string\n          minimum: 5\n          description: format of the variant',
      '#/components/schemas/AssetVariant/properties/format: strict mode: missing type "number" for keyword "minimum"',
    ],
  ])('names the spec and the place when ajv cannot compile %s', async (_name, from, to, place) => {
    await editSpec(from, to);
    const { code, output } = await check(scratch);
    await editSpec(to, from);
    expect(code).toBe(1);
    expect(output).toContain(`openapi/webflow-assets.yaml: ${place}`);
  });

  it('fails the build on a lint error in the spec (a duplicated operationId)', async () => {
    await editSpec('operationId: get-asset-folder', 'operationId: get-asset');
    const { code, output } = await check(scratch);
    expect(code).toBe(1);
    expect(output).toMatch(/operation-operationId-unique/);
  });
});
