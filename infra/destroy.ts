import { join } from 'node:path';
import { callerAccount } from './ops/aws.ts';
import { runForProvince } from './ops/command.ts';
import { retained } from './ops/retained.ts';

/**
 * `npm run destroy -- --province <id>`: removes the province's stack and says what stays. The
 * data is retained by the template (table, files, checkpoints, keys, user pool, logs): a later
 * deploy does not adopt them, so they are listed to be kept, imported or deleted by hand.
 */
await runForProvince('npm run destroy -- --province <id> [--yes]', ['yes'], async (context) => {
  const account = await callerAccount(context.province.region);
  await context.assembly();
  const kept = retained(join('cdk.out', `${context.stack}.template.json`));
  context.say(`Removing ${context.stack} from account ${account}, region ${context.province.region}.`);
  context.say(`Kept, with their data (${kept.length}):`);
  for (const resource of kept) context.say(`  ${resource}`);
  await context.toolkit.destroy(await context.assembly(), { stacks: context.selector });
});
