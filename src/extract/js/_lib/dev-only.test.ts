import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsIndex } from './ast.js';
import { devOnly } from './dev-only.js';
import { testContext } from '../../testing.js';

const ctx = testContext;

/** `mark('name')` calls of the source → is each development-only? */
function marks(content: string): Record<string, boolean> {
  const index = jsIndex({ path: 'src/app.js', content }, ctx());
  const out: Record<string, boolean> = {};
  for (const call of index.nodesOf('CallExpression')) {
    if (index.text(call.callee) !== 'mark') continue;
    out[index.text(call.arguments[0]).slice(1, -1)] = devOnly(call, index);
  }
  return out;
}

describe('security-config devOnly', () => {
  it('tells the production branch from the development branch of an if', () => {
    assert.deepEqual(
      marks(`if (process.env.NODE_ENV === 'production') { mark('prodThen'); } else { mark('prodElse'); }
if (process.env.NODE_ENV !== 'production') mark('notProdThen'); else mark('notProdElse');
if (app.get('env') === 'development') mark('devThen'); else mark('devElse');
if (!isProduction) mark('notIsProd');
if (config.isDev && verbose) mark('devAnd');
if (isProd || staging) mark('prodOr'); else mark('prodOrElse');
if (['development', 'test'].includes(process.env.NODE_ENV)) mark('devList');
if (process.env.NODE_ENV) mark('envSet');
mark('top');
`),
      { prodThen: false, prodElse: true, notProdThen: true, notProdElse: false, devThen: true, devElse: false, notIsProd: true, devAnd: true, prodOr: false, prodOrElse: true, devList: true, envSet: false, top: false },
    );
  });

  it('reads ternaries and short-circuits by branch', () => {
    assert.deepEqual(
      marks(`const a = process.env.NODE_ENV === 'production' ? mark('ternProd') : mark('ternDev');
const b = isDev ? mark('isDevYes') : mark('isDevNo');
isDevelopment && mark('andDev');
isProduction || mark('orProd');
isProduction && mark('andProd');
`),
      { ternProd: false, ternDev: true, isDevYes: true, isDevNo: false, andDev: true, orProd: true, andProd: false },
    );
  });
});
