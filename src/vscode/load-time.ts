/**
 * When the extension bundle started to run: extension.ts imports this module first, so this line
 * is the bundle's first statement (esbuild keeps the order of imports). activate() reports the
 * time from here to its return (the activation budget is 100 ms; issue 5).
 */
export const bundleStartedAt = performance.now();
