// Who may call Accord: a Cognito user pool with email sign-in, one public app client (no
// secret; OAuth authorization code flow, which Cognito pairs with PKCE for public clients) and
// the "coordinators" group that becomes the COORDINATOR platform role.

import { CfnOutput, Duration, Stack, type StackProps, Validations } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import type { StageConfig } from "../config.ts";

/** Group name as it appears in the token's `cognito:groups` claim. */
export const COORDINATORS_GROUP = "coordinators";

export interface IdentityStackProps extends StackProps {
  config: StageConfig;
}

export class IdentityStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** Token issuer (`iss` claim) and OIDC discovery base of the pool. */
  readonly issuer: string;
  readonly domain?: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { auth } = config;
    this.userPool = this.memberPool(config);
    this.client = this.appClient(auth);
    this.userPool.addGroup("Coordinators", {
      groupName: COORDINATORS_GROUP,
      description: "Platform coordinators: administer working groups",
    });
    if (auth.domainPrefix !== undefined) {
      this.domain = this.userPool.addDomain("HostedSignIn", {
        cognitoDomain: { domainPrefix: auth.domainPrefix },
      });
      new CfnOutput(this, "SignInDomain", {
        description: "Base URL of the hosted sign-in (OAuth authorize/token endpoints)",
        value: this.domain.baseUrl(),
      });
    }
    this.issuer = `https://${this.userPool.userPoolProviderUrl}`;
    this.acknowledgeStageChoices(config);
  }

  /** Members sign in by email, with a strong password and (per stage) MFA and threat protection. */
  private memberPool(config: StageConfig): cognito.UserPool {
    const { auth } = config;
    return new cognito.UserPool(this, "Members", {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: auth.selfSignUp,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: auth.mfa === "REQUIRED" ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: auth.threatProtection
        ? cognito.FeaturePlan.PLUS
        : cognito.FeaturePlan.ESSENTIALS,
      ...(auth.threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
  }

  /** The public client of the web app and the SDK: code flow, no secret, hour-long tokens. */
  private appClient(auth: StageConfig["auth"]): cognito.UserPoolClient {
    return this.userPool.addClient("AppClient", {
      generateSecret: false,
      authFlows: { userSrp: true, adminUserPassword: auth.adminPasswordAuth },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: auth.callbackUrls,
        logoutUrls: auth.logoutUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }

  /** Why a stage without MFA or threat protection still passes cdk-nag. */
  private acknowledgeStageChoices(config: StageConfig): void {
    const { auth } = config;
    if (auth.mfa !== "REQUIRED") {
      Validations.of(this.userPool).acknowledge({
        id: "AwsSolutions-COG2",
        reason:
          `MFA is optional on the ${config.stage} stage so that the end-to-end tests can sign in ` +
          "test users with a password alone; prod requires TOTP (StageConfig.auth.mfa).",
      });
    }
    if (!auth.threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: "AwsSolutions-COG8",
        reason:
          `The ${config.stage} stage holds only test users; Cognito's Plus plan and its threat ` +
          "protection are billed per monthly active user and are enabled on prod " +
          "(StageConfig.auth.threatProtection).",
      });
    }
  }
}
