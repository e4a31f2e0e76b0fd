import { Project, ts } from 'ts-morph';
import { sdkForModuleSpecifier } from '../catalog/index';
import { RETRY_LIBRARIES } from '../catalog/wrappers';
import { packageOfFile } from '../imports';
import type { CompilerSetup } from './tsconfig';

/** Packages whose declarations the analyser asks the checker about (beyond the SDKs themselves). */
const WRAPPER_PACKAGES = new Set([...RETRY_LIBRARIES.map((library) => library.module), 'langfuse', 'langfuse-langchain', 'langsmith']);

/**
 * The ts-morph project the analysis runs on. Module resolution is narrowed to what the analyser
 * reads: the workspace files it chose to include, and the declarations of model SDKs and wrapper
 * libraries. Left alone, TypeScript follows every import: on a 2 000-file workspace it pulled in
 * 1 400 unrelated workspace files and 2 800 declaration files of other packages, most of the
 * audit's time, for types the analyser never asks about.
 */
export function createAnalysisProject(setup: CompilerSetup, isIncluded: (file: string) => boolean): Project {
  return new Project({
    compilerOptions: setup.options,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    resolutionHost: (moduleResolutionHost, getCompilerOptions) => {
      const cache = ts.createModuleResolutionCache(moduleResolutionHost.getCurrentDirectory?.() ?? process.cwd(), (name) => name, getCompilerOptions());
      return {
        resolveModuleNames(moduleNames, containingFile, _reused, _redirected, options, containingSourceFile) {
          return moduleNames.map((name) => {
            // The file's own module format picks the package.json "exports" conditions (import/require).
            const mode = containingSourceFile?.impliedNodeFormat;
            const resolved = ts.resolveModuleName(name, containingFile, options, moduleResolutionHost, cache, undefined, mode).resolvedModule;
            return resolved && isRelevant(resolved, isIncluded) ? resolved : undefined;
          });
        },
      };
    },
  });
}

function isRelevant(resolved: ts.ResolvedModuleFull, isIncluded: (file: string) => boolean): boolean {
  const file = resolved.resolvedFileName;
  const pkg = packageOfFile(file);
  if (pkg === undefined) return isIncluded(file) || file.endsWith('.d.ts');
  return sdkForModuleSpecifier(pkg) !== undefined || WRAPPER_PACKAGES.has(pkg);
}
