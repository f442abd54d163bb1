import { ConfigValidationError, validateEnv } from './validate-env.js';

describe('validateEnv: billing periods and invoices', () => {
  it('closes by itself a day after the month, in 20,000-row steps, by default', () => {
    expect(validateEnv({}).invoicing).toEqual({
      graceHours: 24,
      autoClose: true,
      issuer: 'Call Billing Service',
      closeStepRows: 20_000,
    });
  });

  it('reads every setting it is given', () => {
    expect(
      validateEnv({
        BILLING_GRACE_HOURS: '0',
        BILLING_AUTO_CLOSE: 'false',
        INVOICE_ISSUER: ' Acme Telecom GmbH, Größenweg 1 ',
        BILLING_CLOSE_STEP_ROWS: '1',
      }).invoicing,
    ).toEqual({
      graceHours: 0,
      autoClose: false,
      issuer: 'Acme Telecom GmbH, Größenweg 1',
      closeStepRows: 1,
    });
  });

  it.each([
    ['BILLING_GRACE_HOURS', '2160', { graceHours: 2_160 }],
    ['BILLING_AUTO_CLOSE', 'true', { autoClose: true }],
    ['INVOICE_ISSUER', 'x'.repeat(200), { issuer: 'x'.repeat(200) }],
    ['BILLING_CLOSE_STEP_ROWS', '1000000', { closeStepRows: 1_000_000 }],
  ])('accepts %s=%s', (name, value, expected) => {
    expect(validateEnv({ [name]: value }).invoicing).toMatchObject(expected);
  });

  it.each([
    ['BILLING_GRACE_HOURS', '-1'],
    ['BILLING_GRACE_HOURS', '2161'],
    ['BILLING_GRACE_HOURS', '1.5'],
    ['BILLING_AUTO_CLOSE', 'yes'],
    ['BILLING_AUTO_CLOSE', '0'],
    ['INVOICE_ISSUER', 'x'.repeat(201)],
    ['INVOICE_ISSUER', 'Acme\u0007Telecom'],
    ['BILLING_CLOSE_STEP_ROWS', '0'],
    ['BILLING_CLOSE_STEP_ROWS', '1000001'],
    ['BILLING_CLOSE_STEP_ROWS', 'many'],
    ['INVOICE_ISSUER', 'Acme\nTelecom'],
  ])('refuses %s=%j in one line that names it', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => validateEnv({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration: ${name} must be [^;\\r\\n]+$`),
    );
  });
});
