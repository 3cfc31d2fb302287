import type { Exchange, StepContext } from '../../runner/scenario-types.js';
import { record } from './fixtures.js';

/**
 * Checks that the item with `id` is in `items` (a list at `pointer` of an `operationId` response,
 * `of` when the list is one answer's) and, when `expected` is given, equals it. Returns the index, or -1.
 */
export function expectListed(
  ctx: StepContext,
  check: string,
  items: unknown[],
  id: string,
  at: { operationId: string; pointer: string; expected?: unknown; of?: Exchange },
): number {
  const index = items.findIndex((item) => record(item).id === id);
  ctx.expect(check, index >= 0, {
    pointer: at.pointer,
    message: `${id} should be in the list (${items.length} items), and is not`,
    expected: `an item with id ${id}`,
    actual: `${items.length} items without it`,
    operationId: at.operationId,
    of: at.of,
  });
  if (index >= 0 && at.expected !== undefined) {
    ctx.expectEqual(check, items[index], at.expected, {
      operationId: at.operationId,
      pointer: `${at.pointer}/${index}`,
      of: at.of,
    });
  }
  return index;
}
