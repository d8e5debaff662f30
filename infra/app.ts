/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all -c stage=dev|prod`. Node 24 runs
 * this TypeScript directly (type stripping); the stacks are environment-agnostic, so
 * synthesis needs no AWS credentials, and functions are bundled by the local esbuild.
 */
import { App } from 'aws-cdk-lib';
import { defineService } from './stacks/service.ts';
import { defineWeb } from './stacks/web-stack.ts';

const app = new App();
// The board's web page (S3 + CloudFront) talks to the API of the same stage.
defineWeb(app, defineService(app));
app.synth();
