/**
 * Labels for a list of files that tell same-named files apart, as VS Code's editor tabs do: the
 * base name where it is unique, else the shortest tail of the path that is (`openai/route.ts`,
 * `anthropic/route.ts`), up to the whole relative path. No `vscode` here
 * (test/vscode-unit/file-labels.test.ts).
 */
export function distinguishingLabels(relativePaths: readonly string[]): Map<string, string> {
  const segments = new Map(relativePaths.map((file) => [file, file.split('/')]));
  const labels = new Map<string, string>();
  for (const file of relativePaths) {
    const own = segments.get(file) ?? [file];
    const others = relativePaths.filter((other) => other !== file);
    let take = 1;
    while (take < own.length && others.some((other) => tail(segments.get(other) ?? [], take) === tail(own, take)))
      take++;
    labels.set(file, tail(own, take));
  }
  return labels;
}

function tail(parts: readonly string[], count: number): string {
  return parts.slice(Math.max(0, parts.length - count)).join('/');
}
