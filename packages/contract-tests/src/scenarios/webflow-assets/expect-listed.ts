import type { StepContext } from '../../runner/scenario-types.js';
import { record } from './fixtures.js';

/**
 * Checks that the item with `id` is in `items` (a list at `pointer` of an `operationId` response)
 * and, when `expected` is given, equals it. Returns the index, or -1.
 */
export function expectListed(
  ctx: StepContext,
  check: string,
  items: unknown[],
  id: string,
  at: { operationId: string; pointer: string; expected?: unknown },
): number {
  const index = items.findIndex((item) => record(item).id === id);
  ctx.expect(check, index >= 0, {
    pointer: at.pointer,
    message: `${id} should be in the list (${items.length} items), and is not`,
    expected: `an item with id ${id}`,
    actual: `${items.length} items without it`,
    operationId: at.operationId,
  });
  if (index >= 0 && at.expected !== undefined) {
    ctx.expectEqual(check, items[index], at.expected, {
      operationId: at.operationId,
      pointer: `${at.pointer}/${index}`,
    });
  }
  return index;
}
