import { join } from 'node:path';
import { provinceAccount } from './ops/aws.ts';
import { runForProvince } from './ops/command.ts';
import { retained } from './ops/retained.ts';

/**
 * `npm run destroy -- --province <id>`: removes the province's application stacks (the API,
 * the functions, the edge) and keeps its data stack, which termination protection guards: a
 * later deploy attaches the application to it again, with the same table, files, keys, queues
 * and users. Removing the data as well is a separate, deliberate act, which the command spells
 * out.
 */
await runForProvince('npm run destroy -- --province <id> [--yes]', ['yes'], async (context) => {
  const { region } = context.province;
  const account = await provinceAccount(context.province, context.path);
  await context.assembly();
  const kept = retained(join('cdk.out', `${context.dataStack}.template.json`));
  context.say(
    `Removing the application stacks of ${context.province.name} from account ${account}, region ${region}.`,
  );
  context.say(
    `Kept: ${context.dataStack}, with its data (${kept.length}); a later deploy attaches to it again:`,
  );
  for (const resource of kept) context.say(`  ${resource}`);
  await context.toolkit.destroy(await context.assembly(), { stacks: context.applicationSelector });
  context.say(
    `To remove the data too, deliberately: aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${context.dataStack} --region ${region}, then aws cloudformation delete-stack --stack-name ${context.dataStack} --region ${region} (the table, buckets, keys, user pool and logs are retained even then, to be deleted by hand).`,
  );
});
