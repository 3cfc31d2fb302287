import { describe, expect, it } from 'vitest';
import { successStatus } from './lifecycle-create.js';

describe('successStatus', () => {
  it("is the field's status where S3 honours it, and 204 otherwise", () => {
    expect(['200', '201', '204'].map((field) => successStatus(field).status)).toEqual([200, 201, 204]);
    for (const field of [undefined, '', '202', '201 ', 201, 'created']) {
      expect(successStatus(field)).toEqual({
        status: 204,
        why: 'S3 answers 204 where success_action_status is absent or not 200, 201 or 204',
      });
    }
  });
});
