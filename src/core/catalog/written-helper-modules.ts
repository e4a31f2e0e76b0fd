import { ORCHESTRATION_HELPER_MODULE } from './orchestration-helper';
import { STREAM_IDLE_HELPER } from './stream-idle-helper';

/**
 * The modules this project's fixes write, as text: a file that declares a helper's function and
 * the names beside it. The program must hold such a module wherever it is imported from, not only
 * from files that name an SDK: a call made through a client imported from another module still
 * runs inside the helper's retries and timer, and only the checker can see the helper's call.
 */
const MODULES = [ORCHESTRATION_HELPER_MODULE, STREAM_IDLE_HELPER].map((module) => ({
  names: [module.exportName, ...module.moduleNames],
  declaresFunction: new RegExp(`\\bfunction\\s*\\*?\\s*${module.exportName}\\b`),
}));

export function declaresWrittenHelper(text: string): boolean {
  // The plain searches rule out almost every file before the pattern runs.
  return MODULES.some(
    (module) => module.names.every((name) => text.includes(name)) && module.declaresFunction.test(text),
  );
}
