import type { Client, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type Media = `${string}/${string}`;

/**
 * The paths that have an operation for `Method` (a `put?: never` does not count).
 *
 * @example
 * type Patchable = PathsWith<AssetsPaths, 'patch'>; // '/assets/{asset_id}'
 */
export type PathsWith<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof Paths];

type InitOf<Item, Method extends HttpMethod> = Method extends keyof Item ? MaybeOptionalInit<Item, Method> : never;

type ResponseOf<Item, Method extends HttpMethod> = Method extends keyof Item
  ? Item[Method] extends Record<string | number, unknown>
    ? FetchResponse<Item[Method], InitOf<Item, Method>, Media>
    : never
  : never;

/** The init argument: optional when nothing in it is required. */
type InitArgs<Init> = undefined extends Init ? [init?: Init] : [init: Init];

/**
 * One HTTP method of {@link StrictClient}: the same call as openapi-fetch's, but `init` is not an
 * inferred type parameter, so TypeScript's excess-property check reaches the body. openapi-fetch
 * infers `init` and maps the body through `Writable<>`, and together they skip that check: a
 * misspelt optional body field such as `{ alttext }` for `altText` compiles there; here it is an
 * error with a "did you mean".
 *
 * @example
 * const patch: StrictMethod<AssetsPaths, 'patch'> = client.PATCH;
 */
export type StrictMethod<Paths, Method extends HttpMethod> = <Path extends PathsWith<Paths, Method>>(
  url: Path,
  ...init: InitArgs<InitOf<Paths[Path], Method>>
) => Promise<ResponseOf<Paths[Path], Method>>;

/**
 * openapi-fetch's `Client` with exact `init` types for the methods the asset API uses. The runtime
 * object is openapi-fetch's own; only the types are stricter. (`parseAs` still works, but `data` is
 * typed as the JSON body; use `response` for other readings.)
 *
 * @example
 * const { data, error } = await client.PATCH('/assets/{asset_id}', { params: { path: { asset_id } }, body: { altText } });
 */
export type StrictClient<Paths extends {}> = Omit<Client<Paths>, 'GET' | 'POST' | 'PATCH' | 'DELETE'> & {
  GET: StrictMethod<Paths, 'get'>;
  POST: StrictMethod<Paths, 'post'>;
  PATCH: StrictMethod<Paths, 'patch'>;
  DELETE: StrictMethod<Paths, 'delete'>;
};
