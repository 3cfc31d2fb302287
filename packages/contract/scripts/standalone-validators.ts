/**
 * Ahead-of-time validators: every validator the contract core would compile for an API at run
 * time, compiled here once and written out as ajv standalone code, so a process that uses the
 * contract starts without compiling anything (see the README's benchmark notes for the numbers).
 *
 * ajv's standalone output is CommonJS-flavoured even in ESM mode (`require("ajv/dist/runtime/…")`
 * inside the code). Each `require(x)` becomes a default import plus an accessor that yields the
 * CommonJS exports object both under Node (a default import of CommonJS is `module.exports`) and
 * under bundlers (which give `exports.default` for `__esModule` modules), so the contract's
 * optional validation still works in a browser bundle of the client.
 *
 * @see https://ajv.js.org/standalone.html
 */
import { _ } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import type { OpenApiDocument } from '../src/openapi-document.js';
import { readOperations } from '../src/operations.js';
import { SchemaCompiler } from '../src/schema/schema-compiler.js';
import { compileOperation } from '../src/validation/compile-operation.js';

type StandaloneCode = (ajv: unknown, refs: Record<string, string>) => string;
const standaloneCode = ((standalone as unknown as { default?: StandaloneCode }).default ??
  standalone) as StandaloneCode;

/** Rewrites `require("x")` into ESM imports that work under Node and bundlers alike. */
function toEsm(code: string): string {
  const modules = new Map<string, string>();
  const body = code.replace(/require\("([^"]+)"\)/g, (_match, spec: string) => {
    const path = spec.startsWith('.') || spec.endsWith('.js') ? spec : `${spec}.js`;
    let name = modules.get(path);
    if (!name) {
      name = `__dep${modules.size}`;
      modules.set(path, name);
    }
    return `__cjs(${name})`;
  });
  const imports = [...modules].map(([path, name]) => `import ${name} from ${JSON.stringify(path)};`).join('\n');
  const accessor = 'const __cjs = (m) => (m && m.__esModule !== undefined ? m : { default: m });';
  return `${imports}\n${accessor}\n${body}`;
}

/**
 * Compiles every validator of an API (request and response, strict variants included) and
 * renders one module per ajv purpose (`bodies`, `parameters`), each exporting `validators`, a map
 * from the key the core asks for to the validate function.
 *
 * @example
 * const files = renderValidators('webflow-assets', document); // Map { 'bodies' => '…', 'parameters' => '…' }
 */
export function renderValidators(apiName: string, document: OpenApiDocument): Map<string, string> {
  const compiler = new SchemaCompiler(apiName, document, {
    ajv: { code: { source: true, esm: true, formats: _`require("../schema/format-table.js").default.formats` } },
  });
  for (const operation of readOperations(document)) {
    for (const response of compileOperation(operation, compiler).responses.values()) {
      response.strictMedia();
    }
  }
  const files = new Map<string, string>();
  for (const { purpose, ajv, ids } of compiler.registered()) {
    const entries = [...ids].map(([key, id], i) => ({ key, id, name: `v${i}` }));
    const code = standaloneCode(ajv, Object.fromEntries(entries.map((e) => [e.name, e.id])));
    const map = entries.map((e) => `  ${JSON.stringify(e.key)}: ${e.name},`).join('\n');
    files.set(
      purpose,
      `// @ts-nocheck\n${toEsm(code)}\n\nexport const validators: Record<string, unknown> = {\n${map}\n};\n`,
    );
  }
  return files;
}
