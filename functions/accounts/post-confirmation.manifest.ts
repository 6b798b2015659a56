import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const citizensSignUp = {
  entry: 'functions/accounts/post-confirmation.ts',
  description: 'Cognito post confirmation: a self-registered account joins the citizen group',
  memoryMb: 256,
  timeoutSeconds: 5,
  userPool: { trigger: 'postConfirmation' },
  uses: { userPool: 'manageGroups' },
} as const satisfies FunctionSpec;
