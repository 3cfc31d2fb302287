/**
 * Remembers where every schema object sits in the spec, by object identity, so an ajv error's
 * `parentSchema` (ajv keeps our objects, it does not copy them) maps back to an exact spec
 * pointer such as `#/components/schemas/AssetVariant/properties/height`, even across `$ref`s.
 */
export class PointerIndex {
  readonly #pointers = new WeakMap<object, string>();

  /**
   * Records `value` and everything inside it, `pointer` being where `value` sits in the spec.
   * An object already recorded keeps its first pointer.
   *
   * @example
   * index.record(document.components.schemas, '#/components/schemas');
   */
  record(value: unknown, pointer: string): void {
    if (value === null || typeof value !== 'object' || this.#pointers.has(value)) {
      return;
    }
    this.#pointers.set(value, pointer);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        this.record(item, `${pointer}/${i}`);
      });
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      this.record(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }

  /** Records one object without walking into it (for synthetic wrappers). */
  alias(value: object, pointer: string): void {
    this.#pointers.set(value, pointer);
  }

  /** Where `value` sits in the spec, if it came from there. */
  pointerOf(value: unknown): string | undefined {
    return value !== null && typeof value === 'object' ? this.#pointers.get(value) : undefined;
  }
}
