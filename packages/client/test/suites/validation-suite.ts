import { DRIFT_KINDS, type DriftKind, driftExpectation } from '@assetkit/sandbox';
import { describe, expect, it } from 'vitest';
import { AssetsResponseValidationError } from '../../src/index.js';
import { clientFor, type StartTarget, uniquePng, useTarget } from '../helpers.js';

const OPERATIONS = ['get-asset', 'list-assets'] as const;

// Every (drift kind, operation) pair the sandbox can break, with where the violation must point.
const CASES = (Object.keys(DRIFT_KINDS) as DriftKind[]).flatMap((kind) =>
  OPERATIONS.flatMap((operationId) => {
    const expectation = driftExpectation(kind, operationId);
    return expectation ? [{ kind, operationId, ...expectation }] : [];
  }),
);

/**
 * `validateResponses`: drift injected by the sandbox is caught with the violation's pointer, and
 * nothing is reported for responses that keep the contract.
 *
 * @example
 * describeValidation(startSandboxTarget);
 */
export function describeValidation(start: StartTarget) {
  describe('validateResponses', () => {
    const target = useTarget(start);
    let assetId = '';
    const read = (client: ReturnType<typeof clientFor>, operationId: (typeof OPERATIONS)[number]) =>
      operationId === 'get-asset' ? client.assets.get(assetId) : client.assets.list(target().siteId, { limit: 1 });

    it('passes every response of a full lifecycle that keeps the contract, strictly', async () => {
      const client = clientFor(target(), { validateResponses: { strict: true } });
      const folder = await client.folders.create(target().siteId, { displayName: 'validated' });
      const asset = await client.assets.upload(target().siteId, {
        data: uniquePng(),
        fileName: 'valid.png',
        parentFolder: folder.id,
      });
      assetId = asset.id;
      await client.assets.update(asset.id, { altText: 'ok' }, { localeId: target().localeId });
      await client.assets.list(target().siteId);
      await client.folders.list(target().siteId);
      await client.folders.get(folder.id);
      expect(await client.assets.get(asset.id)).toMatchObject({ id: asset.id });
    });

    it('covers at least the drift kinds the brief names', () => {
      expect(CASES.map((c) => `${c.kind} ${c.operationId} ${c.pointer}`)).toContain(
        'height-as-string get-asset /variants/0/height',
      );
    });

    it.each(CASES)('throws on $kind in $operationId, naming $location $pointer', async (drift) => {
      target().sandbox.setFaults({ operations: [drift.operationId], drift: { kind: drift.kind, count: 1 } });
      const client = clientFor(target(), { validateResponses: { strict: true }, retry: false });
      const error = await read(client, drift.operationId).catch((e: unknown) => e);
      target().sandbox.setFaults(null);
      expect(error).toBeInstanceOf(AssetsResponseValidationError);
      const validationError = error as AssetsResponseValidationError;
      expect(validationError.operationId).toBe(drift.operationId);
      expect(validationError.violations).toEqual(
        expect.arrayContaining([expect.objectContaining({ location: drift.location, pointer: drift.pointer })]),
      );
      expect(validationError.message).toContain(drift.pointer || '(root)');
    });

    it.each(CASES.filter((c) => c.strictOnly))('tolerates $kind in $operationId unless strict', async (drift) => {
      target().sandbox.setFaults({ operations: [drift.operationId], drift: { kind: drift.kind, count: 1 } });
      const client = clientFor(target(), { validateResponses: true, retry: false });
      const outcome = await read(client, drift.operationId).catch((e: unknown) => e);
      target().sandbox.setFaults(null);
      expect(outcome).not.toBeInstanceOf(Error);
    });

    it('returns drifted data untouched when validation is off (the default)', async () => {
      target().sandbox.setFaults({ operations: ['get-asset'], drift: { kind: 'height-as-string', count: 1 } });
      const client = clientFor(target(), { validateResponses: false });
      const asset = await client.assets.get(assetId);
      target().sandbox.setFaults(null);
      expect(typeof asset.variants[0]?.height).toBe('string');
    });

    it('reports a success body that is not JSON, with or without validation', async () => {
      for (const validateResponses of [true, false]) {
        target().sandbox.setFaults({ operations: ['get-asset'], invalidJson: { count: 1 } });
        const error = await clientFor(target(), { validateResponses, retry: false })
          .assets.get(assetId)
          .catch((e: unknown) => e);
        target().sandbox.setFaults(null);
        expect(error).toBeInstanceOf(AssetsResponseValidationError);
        expect((error as AssetsResponseValidationError).violations[0]).toMatchObject({ location: 'response.body' });
      }
    });
  });
}
