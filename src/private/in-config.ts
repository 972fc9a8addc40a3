// Errors of a module built from a configuration section, reported with the section's path: the
// modules name their own props (`minSize`), the user reads the file's (`nodeGroups.default.minSize`).
import { ValidationError } from '../errors';

/** Props that come from the top of the configuration rather than from the module's section. */
const TOP_LEVEL_PROPS: Readonly<Record<string, string[]>> = {
  clusterName: ['clusterName'],
  clusterVersion: ['clusterVersion'],
  region: ['region'],
};

/**
 * Runs a module constructor; the paths in its validation errors become configuration paths
 * (`minSize` of node group `default` is reported as `nodeGroups.default.minSize`).
 */
export function inConfig<T>(section: string[], build: () => T, renames: Readonly<Record<string, string>> = {}): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      'configuration',
      e.issues.map((i) => {
        const [head, ...rest] = i.path;
        const top = typeof head === 'string' ? TOP_LEVEL_PROPS[head] : undefined;
        const renamed = typeof head === 'string' && renames[head] ? [renames[head], ...rest] : i.path;
        return { ...i, path: top ? [...top, ...rest] : [...section, ...renamed] };
      }),
    );
  }
}

