import type { Province } from '../../shared/config/province.ts';

/** What an operator does after a deploy, from the stack's outputs. */
export function nextSteps(province: Province, outputs: Record<string, string>): string[] {
  const api = outputs.ApiUrl ?? '(see the stack outputs)';
  const lines = [
    '',
    `Deployed ${province.name}.`,
    `  API            ${api}`,
    `  OpenAPI        ${api}/openapi.json`,
    `  Reference      ${api}/docs`,
    ...(outputs.PublicUrl ? [`  Public page    ${outputs.PublicUrl}/cong-khai`] : []),
    `  Issuer         ${outputs.Issuer ?? '(see the stack outputs)'}`,
    ...(outputs.DashboardUrl ? [`  Dashboard      ${outputs.DashboardUrl}`] : []),
    ...(outputs.StaffSignInUrl
      ? [`  Staff sign-in  ${outputs.StaffSignInUrl} (client ${outputs.StaffAppClientId})`]
      : []),
    ...(outputs.ApiDomainTarget
      ? [`  DNS            point the API's name at ${outputs.ApiDomainTarget}`]
      : []),
    `  Alarms go to   ${outputs.AlertsTopicArn ?? 'the OperatorAlerts topic'} (subscribe the operators' email to it)`,
    '',
  ];
  if (outputs.UserPoolId) {
    const id = `--province ${province.id}`;
    return [
      ...lines,
      'The first administrator and officers, in the province user pool:',
      `  npm run staff -- add ${id} --email <email> --role admin`,
      `  npm run staff -- add ${id} --email <email> --role officer --unit <unit code> --name "<full name>"`,
      'They choose a password and set up an authenticator app at first sign-in: without it their token carries no staff role.',
    ];
  }
  return [
    ...lines,
    `Administrators sign in with ${province.oidc.provider === 'external' ? province.oidc.issuer : 'the issuer'}: give their accounts the admin role in the claim the province file maps.`,
  ];
}
