import { describe, expect, it } from 'vitest';
import { createContract } from '../contract.js';
import type { OpenApiDocument } from '../openapi-document.js';

/** A small API whose schemas use readOnly and writeOnly, to prove the contextual rules. */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'users', version: '1' },
  paths: {
    '/users': {
      post: {
        operationId: 'create-user',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
        },
        responses: {
          '201': {
            description: 'created',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Id: { type: 'string', readOnly: true },
      User: {
        type: 'object',
        required: ['id', 'name', 'password'],
        properties: {
          id: { $ref: '#/components/schemas/Id' },
          name: { type: 'string' },
          password: { type: 'string', writeOnly: true },
          createdAt: { type: 'string', format: 'date-time', readOnly: true },
        },
      },
    },
  },
};

const contract = createContract({ name: 'users', document });
const json = { 'content-type': 'application/json' };

describe('readOnly and writeOnly', () => {
  it('does not require readOnly properties in a request, and rejects them when sent', () => {
    const ok = contract.validateRequest({
      operationId: 'create-user',
      headers: json,
      body: { name: 'a', password: 'p' },
    });
    expect(ok.violations).toEqual([]);
    const sent = contract.validateRequest({
      operationId: 'create-user',
      headers: json,
      body: { name: 'a', password: 'p', id: 'x', createdAt: '2024-01-01T00:00:00Z' },
    });
    expect(sent.violations).toMatchObject([
      {
        location: 'body',
        pointer: '/id',
        keyword: 'not',
        message: 'is read-only and must not be sent',
        schemaPath: '#/components/schemas/User/properties/id/not',
      },
      { location: 'body', pointer: '/createdAt', keyword: 'not' },
    ]);
  });

  it('does not require writeOnly properties in a response, and rejects them when returned', () => {
    const ok = contract.validateResponse({
      operationId: 'create-user',
      status: 201,
      headers: json,
      body: { id: '1', name: 'a' },
    });
    expect(ok.violations).toEqual([]);
    const leaked = contract.validateResponse({
      operationId: 'create-user',
      status: 201,
      headers: json,
      body: { id: '1', name: 'a', password: 'p' },
    });
    expect(leaked.violations).toMatchObject([
      { location: 'response.body', pointer: '/password', message: 'is write-only and must not be returned' },
    ]);
  });

  it('still requires the properties that apply in each direction', () => {
    const request = contract.validateRequest({ operationId: 'create-user', headers: json, body: { name: 'a' } });
    expect(request.violations).toMatchObject([{ pointer: '/password', keyword: 'required' }]);
    const response = contract.validateResponse({
      operationId: 'create-user',
      status: 201,
      headers: json,
      body: { name: 'a' },
    });
    expect(response.violations).toMatchObject([{ pointer: '/id', keyword: 'required' }]);
  });
});

describe('createContract', () => {
  it('rejects a spec with a typo in a keyword instead of silently validating nothing', () => {
    const broken = structuredClone(document);
    (broken.components?.schemas?.User as Record<string, unknown>).maxPropertiez = 3;
    expect(() => createContract({ name: 'broken', document: broken })).toThrow(/unknown keyword: "maxPropertiez"/);
  });

  it('rejects a spec that uses one operationId twice', () => {
    const twice = structuredClone(document);
    twice.paths = { ...twice.paths, '/people': { post: twice.paths?.['/users']?.post } };
    expect(() => createContract({ name: 'twice', document: twice })).toThrow(/create-user is used twice/);
  });
});
