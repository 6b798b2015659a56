import type { Province } from '../../shared/config/province.ts';

/** What an operator does after a deploy, from the stack's outputs. */
export function nextSteps(province: Province, outputs: Record<string, string>): string[] {
  const region = province.region;
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
    const pool = `--region ${region} --user-pool-id ${outputs.UserPoolId}`;
    return [
      ...lines,
      'The first administrator, in the province user pool:',
      `  aws cognito-idp admin-create-user ${pool} --username <email> --user-attributes Name=email,Value=<email> Name=email_verified,Value=true`,
      `  aws cognito-idp admin-add-user-to-group ${pool} --username <email> --group-name admin`,
      'They choose a password and set up an authenticator app at first sign-in: without it their token carries no admin role.',
    ];
  }
  return [
    ...lines,
    `Administrators sign in with ${province.oidc.provider === 'external' ? province.oidc.issuer : 'the issuer'}: give their accounts the admin role in the claim the province file maps.`,
  ];
}
