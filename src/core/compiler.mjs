// What the analyser uses of ts-morph at run time: the TypeScript compiler it bundles, nothing
// else. The CLI and core bundles map `ts-morph` to this file (esbuild.js) so that they neither
// carry nor load ts-morph's wrapper library: a twentieth of the CLI's start-up. A source file that
// imports anything else from ts-morph fails the build.
//
// An ES module, so that the bundles reach the compiler as a plain value: a CommonJS `exports.ts`
// is reached through a getter that esbuild's interop adds, on each of the analyser's millions of
// `ts.isX(node)` calls (2% of an audit's time).
//
// `require`, not `import ts from`: esbuild bundles it as the compiler's own `module.exports`. A
// default import of a CommonJS module would copy the compiler's 2 000 exports onto a namespace
// object first, a tenth of loading the bundle (5-6 ms of the extension's first analysis).
const ts = require('@ts-morph/common/dist/typescript.js');

export { ts };
