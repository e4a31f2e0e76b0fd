// What the analyser uses of ts-morph at run time: the TypeScript compiler it bundles, nothing
// else. The CLI and core bundles map `ts-morph` to this file (esbuild.js) so that they neither
// carry nor load ts-morph's wrapper library: a twentieth of the CLI's start-up. A source file that
// imports anything else from ts-morph fails the build.
module.exports = { ts: require('@ts-morph/common/dist/typescript.js') };
