import { ORCHESTRATION_HELPER_MODULE } from './orchestration-helper';
import { STREAM_IDLE_HELPER } from './stream-idle-helper';

/**
 * The modules this project's fixes write, as text: a file that declares a helper's function and
 * the names beside it. The program must hold such a module wherever it is imported from, not only
 * from files that name an SDK: a call made through a client imported from another module still
 * runs inside the helper's retries and timer, and only the checker can see the helper's call.
 */
const MODULES: readonly { exportName: string; moduleNames: readonly string[] }[] = [
  ORCHESTRATION_HELPER_MODULE,
  STREAM_IDLE_HELPER,
];

const declaresFunction = new Map(
  MODULES.map((module) => [module, new RegExp(`\\bfunction\\s*\\*?\\s*${module.exportName}\\b`)]),
);

export function declaresWrittenHelper(text: string): boolean {
  return MODULES.some(
    (module) =>
      text.includes(module.exportName) &&
      module.moduleNames.every((name) => text.includes(name)) &&
      declaresFunction.get(module)!.test(text),
  );
}
