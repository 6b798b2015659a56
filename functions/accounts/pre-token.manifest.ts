import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const staffNeedSecondFactor = {
  entry: 'functions/accounts/pre-token.ts',
  description:
    'Cognito pre token generation (v2): staff groups (officer, leader, admin) only for accounts with MFA',
  memoryMb: 256,
  timeoutSeconds: 5,
  userPool: { trigger: 'preTokenGeneration' },
  uses: { userPool: 'readAccounts' },
} as const satisfies FunctionSpec;
