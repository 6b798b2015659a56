import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';

/** The name of the vault that keeps a province's backup copies in its second region. */
export const copyVaultName = (province: string): string => `motcua-${province}-copies`;

export interface BackupCopyStackProps extends StackProps {
  province: string;
}

/**
 * The vault in the province's second region that AWS Backup copies each daily backup into: a
 * stack of its own, since a stack lives in one region.
 */
export class BackupCopyStack extends Stack {
  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    new BackupVault(this, 'Copies', {
      backupVaultName: copyVaultName(props.province),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
