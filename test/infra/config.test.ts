import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config.ts';
import { defineService } from '../../infra/stacks/service.ts';

const appWith = (context: Record<string, unknown>) => new App({ context });

describe('stage configuration from context', () => {
  it('defaults to dev', () => {
    expect(stageConfig(appWith({})).stage).toBe('dev');
  });

  it('refuses an unknown stage instead of deploying dev settings under its name', () => {
    expect(() => stageConfig(appWith({ stage: 'production' }))).toThrow(/unknown stage/);
  });

  it('gives prod stricter settings than dev', () => {
    // Act
    const dev = stageConfig(appWith({ stage: 'dev' }));
    const prod = stageConfig(appWith({ stage: 'prod' }));

    // Assess
    expect(prod.stackPrefix).toBe('SabBudget-prod');
    expect(prod.mfaRequired && prod.threatProtection && prod.retainOperationalData).toBe(true);
    expect(prod.pitrDays).toBe(35);
    expect(dev.mfaRequired || dev.retainOperationalData).toBe(false);
    expect(prod.logRetention).toBeGreaterThan(dev.logRetention);
  });

  it('reads the alarm email from context', () => {
    expect(stageConfig(appWith({ alarmEmail: 'ops@example.org' })).alarmEmail).toBe('ops@example.org');
    expect(stageConfig(appWith({}))).not.toHaveProperty('alarmEmail');
  });

  it('logs at INFO and traces with X-Ray in both stages by default', () => {
    for (const stage of ['dev', 'prod']) {
      const config = stageConfig(appWith({ stage }));
      expect(config.logLevel, stage).toBe('INFO');
      expect(config.tracing, stage).toBe(true);
    }
  });

  it('takes logLevel and tracing overrides from context, as the CLI passes them (strings)', () => {
    // Act
    const config = stageConfig(appWith({ stage: 'prod', logLevel: 'debug', tracing: 'false' }));

    // Assess
    expect(config.logLevel).toBe('DEBUG');
    expect(config.tracing).toBe(false);
    expect(stageConfig(appWith({ tracing: true })).tracing).toBe(true);
    expect(() => stageConfig(appWith({ logLevel: 'verbose' }))).toThrow(/logLevel/);
    expect(() => stageConfig(appWith({ tracing: 'off' }))).toThrow(/tracing/);
  });

  it('has no CORS setting any more, and the API stack warns whoever still passes corsOrigins', () => {
    // Prepare
    const app = appWith({ corsOrigins: 'https://budget.example.org', 'aws:cdk:bundling-stacks': [] });

    // Act
    const config = stageConfig(app);
    const { api } = defineService(app);

    // Assess
    expect(config).not.toHaveProperty('corsOrigins');
    expect(Annotations.fromStack(api).findWarning('*', Match.stringLikeRegexp('corsOrigins is ignored'))).toHaveLength(1);
    const quiet = defineService(appWith({ 'aws:cdk:bundling-stacks': [] })).api;
    expect(Annotations.fromStack(quiet).findWarning('*', Match.stringLikeRegexp('corsOrigins'))).toEqual([]);
  });
});
