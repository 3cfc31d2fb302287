import { describe, expect, it } from 'vitest';
import type { AssetsClient } from '../../src/index.js';
import { clientFor, type StartTarget, uniquePng, useTarget } from '../helpers.js';

/** The client as JavaScript (or a cast) calls it: any body at all. */
type Loose = (client: AssetsClient, ids: { siteId: string; assetId: string; localeId: string }) => Promise<unknown>;
const loose = <T>(body: unknown) => body as T;
const HASH = 'd41d8cd98f00b204e9800998ecf8427e';

/** A body as a class instance: JSON would send its own fields, but nothing else of it. */
class AltChange {
  constructor(readonly altText: string) {}
}

/**
 * The request bodies of `assets.update`, `assets.create` and `folders.create` against a real
 * target: a field name the operation does not take, or a body that is no object, is refused with a
 * `TypeError` before anything reaches the target.
 *
 * @example
 * describeRequestBodies(startSandboxTarget);
 */
export function describeRequestBodies(start: StartTarget) {
  describe('request bodies', () => {
    const target = useTarget(start);
    let assetId = '';
    const ids = () => ({ siteId: target().siteId, assetId, localeId: target().localeId });

    it('sets up an asset to update', async () => {
      ({ id: assetId } = await clientFor(target()).assets.upload(target().siteId, {
        data: uniquePng(),
        fileName: 'body.png',
      }));
    });

    // Found in review: from JavaScript (or through a cast) a misspelt field went out as given and
    // came back as a 400 that had cost a request of the rate limit; to a server that ignores
    // unknown fields, the change was lost without a word.
    it.each<[string, Loose, string]>([
      [
        'a misspelt field of assets.update',
        (c, { assetId }) => c.assets.update(assetId, loose({ alttext: 'x' })),
        'patch-asset: unknown body field "alttext"; did you mean "altText"?',
      ],
      [
        'an option of assets.update in its body',
        (c, { assetId, localeId }) => c.assets.update(assetId, loose({ altText: 'x', localeId })),
        'patch-asset: unknown body field "localeId" ("localeId" is an option of patch-asset: pass it in the options, after the body)',
      ],
      [
        'a field assets.update does not take',
        (c, { assetId }) => c.assets.update(assetId, loose({ displayName: 'x', colour: 'red' })),
        'patch-asset: unknown body field "colour" (the body fields are displayName, altText)',
      ],
      [
        'several unknown fields, one set to undefined',
        (c, { assetId }) => c.assets.update(assetId, loose({ displayname: 'x', alt: undefined })),
        'patch-asset: unknown body field "displayname"; did you mean "displayName"?; unknown body field "alt" (the body fields are displayName, altText)',
      ],
      [
        'a misspelt field of assets.create',
        (c, { siteId }) => c.assets.create(siteId, loose({ filename: 'a.png', fileHash: HASH })),
        'create-asset: unknown body field "filename"; did you mean "fileName"?',
      ],
      [
        'a misspelt field of folders.create',
        (c, { siteId }) => c.folders.create(siteId, loose({ displayName: 'x', parentfolder: null })),
        'create-asset-folder: unknown body field "parentfolder"; did you mean "parentFolder"?',
      ],
      [
        'a null body',
        (c, { assetId }) => c.assets.update(assetId, loose(null)),
        'patch-asset: the body must be an object { displayName, altText }, got null',
      ],
      [
        'an array body',
        (c, { siteId }) => c.folders.create(siteId, loose([{ displayName: 'x' }])),
        'create-asset-folder: the body must be an object { displayName, parentFolder }, got an array',
      ],
      [
        'a string body',
        (c, { assetId }) => c.assets.update(assetId, loose('Our logo')),
        'patch-asset: the body must be an object { displayName, altText }, got "Our logo"',
      ],
      [
        'no body',
        (c, { siteId }) => c.assets.create(siteId, loose(undefined)),
        'create-asset: the body must be an object { fileName, fileHash, parentFolder }, got undefined',
      ],
      // Found in review: an object that is no plain one passed the names check (a Map has no own
      // names) and went out as JSON makes it: a Map as {}, an empty update that answered 200.
      [
        'a Map body',
        (c, { assetId }) => c.assets.update(assetId, loose(new Map([['displayName', 'x']]))),
        'patch-asset: the body must be a plain object { displayName, altText }, got a Map',
      ],
      [
        'a Date body',
        (c, { siteId }) => c.folders.create(siteId, loose(new Date())),
        'create-asset-folder: the body must be a plain object { displayName, parentFolder }, got a Date',
      ],
      [
        'a class instance body',
        (c, { assetId }) => c.assets.update(assetId, loose(new AltChange('x'))),
        'patch-asset: the body must be a plain object { displayName, altText }, got an AltChange',
      ],
      // Found in review: with both wrong, only the options were reported; once they were put
      // right, the next call was refused again for the body.
      [
        'an unknown option and an unknown body field at once',
        (c, { assetId }) => c.assets.update(assetId, loose({ alttext: 'x' }), loose({ locale: 'fr' })),
        'patch-asset: unknown option "locale" (the options are localeId, signal, timeoutMs); unknown body field "alttext"; did you mean "altText"?',
      ],
      [
        'a misspelt option and a body that is no plain object at once',
        (c, { siteId }) => c.folders.create(siteId, loose(new Map()), loose({ sigal: undefined })),
        'create-asset-folder: unknown option "sigal"; did you mean "signal"?; the body must be a plain object { displayName, parentFolder }, got a Map',
      ],
    ])('refuses %s with a TypeError before sending anything', async (_name, run, says) => {
      target().sandbox.requests.clear();
      const error = await run(clientFor(target()), ids()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(says);
      expect(target().sandbox.requests.entries()).toHaveLength(0);
    });

    it('sends a known field set to undefined (JSON leaves it out), an empty update and a body without prototype', async () => {
      const client = clientFor(target());
      target().sandbox.requests.clear();
      await expect(
        client.assets.update(assetId, { displayName: 'Renamed', altText: undefined }),
      ).resolves.toMatchObject({ id: assetId, displayName: 'Renamed' });
      await expect(client.assets.update(assetId, {})).resolves.toMatchObject({ id: assetId });
      const bare = Object.assign(Object.create(null) as object, { altText: 'Bare' });
      await expect(client.assets.update(assetId, bare)).resolves.toMatchObject({ id: assetId, altText: 'Bare' });
      const folder = await client.folders.create(target().siteId, { displayName: 'Root', parentFolder: null });
      expect(folder.parentFolder).toBeNull();
      expect(
        target()
          .sandbox.requests.entries()
          .map((e) => e.operationId),
      ).toEqual(['patch-asset', 'patch-asset', 'patch-asset', 'create-asset-folder']);
    });
  });
}
