import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ICloudAssemblySource,
  StackSelectionStrategy,
  type StackSelector,
  Toolkit,
  ToolkitError,
} from '@aws-cdk/toolkit-lib';
import { App } from 'aws-cdk-lib';
import {
  loadProvinceFile,
  type Province,
  ProvinceConfigError,
  provinceFile,
} from '../../shared/config/province.ts';
import { buildApp, dataStackName, stackPrefix } from '../build-app.ts';
import { OpsError } from './errors.ts';
import { progressHost } from './progress.ts';

export interface OpsContext {
  province: Province;
  file: string;
  /** The file as the operator names it, relative to where the command runs. */
  path: string;
  /** The stack of the province's state, which destroy keeps. */
  dataStack: string;
  flags: Record<string, boolean>;
  /** The words after the command that are not options (a subcommand), for commands that take them. */
  positionals: string[];
  /** The command's options that take a value (named `name=` in its list), as given. */
  options: Record<string, string | undefined>;
  toolkit: Toolkit;
  /** The province's app, synthesised (bundled and checked by cdk-nag) when first used. */
  assembly: () => Promise<ICloudAssemblySource>;
  /** Every stack of the province, deployed and compared as one. */
  selector: StackSelector;
  /** Every stack but the data stack and the backup copies' vault: what destroy removes. */
  applicationSelector: StackSelector;
  say: (line: string) => void;
}

/**
 * Runs an operator's command for one province: `--province <id>` (its file validated first,
 * every error naming the file and field) and the command's flags (`name`) and options that take
 * a value (`name=`). Whatever fails ends in one
 * plain sentence on stderr and exit code 1, never a stack trace.
 */
export async function runForProvince(
  usage: string,
  flags: readonly string[],
  command: (context: OpsContext) => Promise<void>,
  { positionals = false }: { positionals?: boolean } = {},
): Promise<void> {
  try {
    await command(contextFrom(usage, flags, positionals));
  } catch (error) {
    process.stderr.write(`${plainMessage(error as Error)}\n`);
    process.exitCode = 1;
  }
}

function contextFrom(usage: string, flags: readonly string[], allowPositionals: boolean): OpsContext {
  const { values, positionals } = parseArgsOrExplain(usage, flags, allowPositionals);
  const id = values.province as string | undefined;
  if (!id) throw new OpsError(`Name the province: ${usage}`);
  const file = provinceFile(id);
  if (!existsSync(file))
    throw new OpsError(`There is no province "${id}": ${relative(process.cwd(), file)} does not exist.`);
  const province = loadProvinceFile(file);
  const yes = values.yes === true;
  const toolkit = new Toolkit({ ioHost: progressHost({ yes }), emojis: false, color: false });
  const prefix = stackPrefix(province.id);
  const dataStack = dataStackName(province.id);
  let source: Promise<ICloudAssemblySource> | undefined;
  return {
    province,
    file,
    path: relative(process.cwd(), file),
    dataStack,
    positionals,
    flags: Object.fromEntries(
      flags.filter((flag) => !flag.endsWith('=')).map((flag) => [flag, values[flag] === true]),
    ),
    options: Object.fromEntries(
      flags
        .filter((flag) => flag.endsWith('='))
        .map((flag) => flag.slice(0, -1))
        .map((name) => [name, typeof values[name] === 'string' ? (values[name] as string) : undefined]),
    ),
    toolkit,
    assembly: () => {
      source ??= synthesised(toolkit, province.id, file);
      return source;
    },
    selector: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [`${prefix}-*`] },
    applicationSelector: {
      strategy: StackSelectionStrategy.PATTERN_MUST_MATCH,
      // The backup copies' vault stays with the data, in its own region.
      patterns: [`${prefix}-*`, `!${dataStack}`, `!${prefix}-backup-copies`],
    },
    say: (line) => process.stdout.write(`${line}\n`),
  };
}

function parseArgsOrExplain(
  usage: string,
  flags: readonly string[],
  allowPositionals: boolean,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean' }> = { province: { type: 'string' } };
  for (const flag of flags)
    options[flag.replace(/=$/, '')] = { type: flag.endsWith('=') ? 'string' : 'boolean' };
  try {
    return parseArgs({ options, allowPositionals }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    };
  } catch (error) {
    throw new OpsError(`${(error as Error).message}. Usage: ${usage}`);
  }
}

/** The province's stacks synthesised once into cdk.out/, as `npm run synth` does. */
async function synthesised(toolkit: Toolkit, province: string, file: string): Promise<ICloudAssemblySource> {
  process.stdout.write(`synthesising ${province} (bundling every function, then cdk-nag)…\n`);
  const source = await toolkit.fromAssemblyBuilder(
    async (props) => {
      const app = new App({ outdir: props.outdir, context: props.context });
      buildApp(app, { province, provinceFile: file });
      return app.synth();
    },
    { outdir: 'cdk.out' },
  );
  return toolkit.synth(source);
}

function plainMessage(error: Error): string {
  if (error instanceof OpsError || error instanceof ProvinceConfigError) return error.message;
  if (ToolkitError.isToolkitError(error)) return `The CDK toolkit stopped: ${error.message}`;
  return `Unexpected failure: ${error.message}`;
}
