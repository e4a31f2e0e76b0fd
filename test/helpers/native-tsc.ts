import * as path from 'node:path';

/**
 * The native TypeScript 7 compiler (`typescript-native`, an npm alias of typescript@7): the fast
 * type checker of fixtures, fixed files and the bench baseline. `node_modules/.bin/tsc` is
 * TypeScript 6, which typescript-eslint needs for its JavaScript API.
 */
export const NATIVE_TSC = path.join(__dirname, '..', '..', 'node_modules', 'typescript-native', 'bin', 'tsc');
