/**
 * Email addresses the service will send to (a partner's billing email, the board's remittance
 * and contact addresses). Pure.
 *
 * The check is deliberately narrower than RFC 5322: it accepts what a mail server and Amazon
 * SES accept in practice and refuses what they would bounce or reject, so that a bad address is
 * refused when the partner is saved rather than discovered when an invoice fails to arrive:
 *
 * - one `@`, nothing quoted (`"a b"@x.org` is valid RFC 5322 but refused by most systems);
 * - the local part a dot-atom (letters, digits and ``!#$%&'*+/=?^_`{|}~-``, single dots, none
 *   first or last), at most 64 characters (RFC 5321 4.5.3.1.1);
 * - the domain a host name: at least two labels, each 1-63 letters, digits or hyphens, not
 *   starting or ending with a hyphen, the last label alphabetic (or an IDN `xn--` label); no IP
 *   literal (`[192.0.2.1]`), no trailing dot;
 * - ASCII only: SES does not speak SMTPUTF8, so an internationalised domain must be written in
 *   its `xn--` form;
 * - at most 254 characters in all (RFC 5321's path limit less the brackets; it also keeps the
 *   domain under its own limit of 253).
 */

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LABEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

export const EMAIL_MAX = 254;
export const LOCAL_PART_MAX = 64;

/** Why an address would be refused by a mail server, in words; undefined when it is fine. */
export function emailProblem(address: string): string | undefined {
  if (address.length === 0) return 'must not be empty';
  if (address.length > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`;
  if (/\s/.test(address)) return 'must not contain spaces or line breaks';
  if (/[^\x21-\x7e]/.test(address)) return 'must be plain ASCII (write an internationalised domain in its xn-- form)';
  if (/["\\]/.test(address)) return 'must not contain quotes or backslashes';
  const at = address.indexOf('@');
  if (at < 0) return 'must be an email address such as accounts@example.org';
  if (address.indexOf('@', at + 1) >= 0) return 'must contain a single @';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length === 0) return 'must have something before the @';
  if (local.length > LOCAL_PART_MAX) return `must have at most ${LOCAL_PART_MAX} characters before the @`;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return 'must not start or end with a dot, or have two dots in a row, before the @';
  if (!local.split('.').every((atom) => ATEXT.test(atom)))
    return 'has a character a mail server refuses before the @ (such as ( ) , : ; < > [ ])';
  if (domain.length === 0) return 'must have a domain after the @';
  if (domain.startsWith('[')) return 'must name a domain, not an IP address';
  if (domain.endsWith('.')) return 'must not end with a dot';
  const labels = domain.split('.');
  if (labels.length < 2) return 'must have a dot in the domain (such as example.org)';
  for (const label of labels) {
    if (label.length === 0) return 'must not have two dots in a row in the domain';
    if (label.length > 63) return 'must have domain parts of at most 63 characters';
    if (!LABEL.test(label)) return `has a domain part a mail server refuses: "${label}" (letters, digits and inner hyphens only)`;
  }
  const top = labels.at(-1) ?? '';
  if (!TOP_LABEL.test(top)) return `must end in a real top-level domain, not "${top}"`;
  return undefined;
}

export const isDeliverableEmail = (address: string): boolean => emailProblem(address) === undefined;
