import { isIPv4 } from 'net';
import { check } from './errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
// POSIX portable environment variable names, as most runtimes and shells accept them.
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names of Namespaces, Services and labels values used as names: RFC 1123 labels. */
export function checkDnsLabel(field: string, value: string): void {
  check(
    typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value),
    field, value,
    'must be a DNS-1123 label: at most 63 lower-case alphanumerics or "-", starting and ending with an alphanumeric',
  );
}

/** Names of most other objects: RFC 1123 subdomains. */
export function checkDnsSubdomain(field: string, value: string): void {
  check(
    typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value),
    field, value,
    'must be a DNS-1123 subdomain: at most 253 lower-case alphanumerics, "-" or ".", starting and ending with an alphanumeric',
  );
}

/** Label values (of objects, of Prometheus series): a shell or PromQL quote never needs escaping in one. Empty only when `allowEmpty`. */
export function checkLabelValue(field: string, value: string, options: { readonly allowEmpty?: boolean } = {}): void {
  check(typeof value === 'string' && LABEL_VALUE.test(value) && (options.allowEmpty === true || value !== ''), field, value,
    'must be a label value of letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
}

export function checkEnvVarName(field: string, value: string): void {
  check(ENV_VAR_NAME.test(value), field, value, 'must be a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)');
}

/**
 * Fails on the first value that occurs twice, naming both positions as the spec writes them:
 * `env[1].name` for a `property` of the list's entries, `imagePullSecrets[1]` for the entries themselves.
 */
export function checkUnique(list: string, values: readonly string[], property?: string): void {
  const at = (index: number | undefined) => `${list}[${index}]${property === undefined ? '' : `.${property}`}`;
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    check(first === undefined, at(index), value, `duplicates ${at(first)}: names must be unique`);
    seen.set(value, index);
  });
}

/** An IPv4 block such as `10.20.0.0/16`. */
export function checkIpv4Cidr(field: string, cidr: string): void {
  const [address, prefix, ...rest] = String(cidr).split('/');
  const bits = Number(prefix);
  check(rest.length === 0 && isIPv4(address) && /^\d{1,2}$/.test(prefix ?? '') && bits <= 32, field, cidr,
    'must be an IPv4 CIDR block such as "10.20.0.0/16"');
}
