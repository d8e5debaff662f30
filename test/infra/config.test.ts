import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config.ts';

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

  it('reads CORS origins and the alarm email from context', () => {
    // Act
    const config = stageConfig(appWith({ corsOrigins: 'https://a.example.org, https://b.example.org', alarmEmail: 'ops@example.org' }));

    // Assess
    expect(config.corsOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.alarmEmail).toBe('ops@example.org');
    expect(() => stageConfig(appWith({ corsOrigins: 'https://*.example.org' }))).toThrow(/corsOrigins/);
  });
});
