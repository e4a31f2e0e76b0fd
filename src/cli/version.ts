import packageJson from '../../package.json';

/** From package.json, inlined by esbuild into dist/cli.js, so the bundle needs no file beside it. */
export const TOOL_VERSION: string = packageJson.version;
