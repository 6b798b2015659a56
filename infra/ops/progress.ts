import { createInterface } from 'node:readline/promises';
import type { IIoHost, IoMessage, IoRequest, StackActivity } from '@aws-cdk/toolkit-lib';

type Write = (line: string) => void;

/** What an operator follows: started, resources done out of total with the time, what failed and why. */
export interface ProgressOptions {
  /** Approve the toolkit's questions (security changes, destroy) without asking. */
  yes: boolean;
  out?: Write;
  err?: Write;
}

const FAILED = /_FAILED$/;
const SETTLED = /_COMPLETE$|_FAILED$|_SKIPPED$/;

/**
 * The toolkit's messages as a person reads them: a line per resource that settles, with its
 * place in the whole and the time since the start; CloudFormation's reason for each failure;
 * warnings and errors whole; the rest (debug, trace, chatter) left out.
 */
export function progressHost(options: ProgressOptions): IIoHost {
  const out = options.out ?? ((line) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  return {
    async notify(message: IoMessage<unknown>) {
      const line = describe(message, started);
      if (line === undefined) return;
      (message.level === 'error' || message.level === 'warn' ? err : out)(line);
    },
    async requestResponse<T>(request: IoRequest<unknown, T>): Promise<T> {
      if (typeof request.defaultResponse !== 'boolean') return request.defaultResponse;
      out(request.message);
      return (options.yes || (await ask())) as T;
    },
  };
}

function describe(message: IoMessage<unknown>, started: number): string | undefined {
  switch (message.code) {
    case 'CDK_TOOLKIT_I5501': {
      const { stackName, resourcesTotal } = message.data as { stackName: string; resourcesTotal?: number };
      return `${stackName}: ${resourcesTotal ?? 'some'} resources to create or update`;
    }
    case 'CDK_TOOLKIT_I5502':
      return activity(message.data as StackActivity, started);
    case 'CDK_TOOLKIT_E9600':
    case 'CDK_TOOLKIT_I9600':
      return validation(message.data as { conclusion?: string; pluginReports?: Report[] });
  }
  if (message.level === 'error' || message.level === 'warn' || message.level === 'result')
    return message.message;
  return undefined;
}

/** One resource that settled: `[ 12/87] 1m05s  CREATE_COMPLETE  AWS::DynamoDB::Table  Table`. */
function activity({ event, progress }: StackActivity, started: number): string | undefined {
  const status = event.ResourceStatus ?? '';
  if (!SETTLED.test(status)) return undefined;
  const total = progress.total ? String(progress.total) : '?';
  const place = `[${String(progress.completed).padStart(total.length)}/${total}]`;
  const line = `${place} ${elapsed(started)}  ${status}  ${event.ResourceType}  ${event.LogicalResourceId}`;
  return FAILED.test(status) && event.ResourceStatusReason
    ? `${line}\n    ${event.ResourceStatusReason}`
    : line;
}

interface Report {
  pluginName: string;
  violations: { ruleName: string; description: string }[];
  suppressedViolations?: unknown[];
}

/** cdk-nag's verdict: its findings, or how many it found and saw acknowledged with a reason. */
function validation({ conclusion, pluginReports = [] }: { conclusion?: string; pluginReports?: Report[] }) {
  return pluginReports
    .map((report) =>
      conclusion === 'success' || report.violations.length === 0
        ? `${report.pluginName}: no findings (${report.suppressedViolations?.length ?? 0} acknowledged with a reason)`
        : [
            `${report.pluginName}: ${report.violations.length} findings`,
            ...report.violations.map((violation) => `  ${violation.ruleName}: ${violation.description}`),
          ].join('\n'),
    )
    .join('\n');
}

const elapsed = (since: number): string => {
  const seconds = Math.round((Date.now() - since) / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};

/** A yes or no from the person at the terminal; no when there is nobody to ask. */
async function ask(): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stderr.write('No terminal to ask: run the command again with --yes to approve.\n');
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question('Approve? (y/N) ')).trim());
  } finally {
    prompt.close();
  }
}
