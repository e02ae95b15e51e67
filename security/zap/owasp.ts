// ZAP rules → OWASP API Security Top 10 (2023), where the relation is plain: the rule looks for what
// the OWASP entry describes. Rules not listed (injections, for one: the 2023 list has no injection entry)
// map to nothing rather than to a guess. Rule ids from ZAP's scan rule list (zaproxy.org/docs/alerts/).
import type { OwaspApi2023 } from '../../engine/types.ts';

export const OWASP_BY_RULE: Readonly<Record<string, OwaspApi2023>> = {
  // API2 Broken authentication
  '10105': 'API2:2023', // Weak Authentication Method
  // API3 Broken object property level authorization (excessive data exposure)
  '10062': 'API3:2023', // PII Disclosure
  // API4 Unrestricted resource consumption
  '40044': 'API4:2023', // Exponential Entity Expansion (Billion Laughs Attack)
  // API7 Server side request forgery
  '40046': 'API7:2023', // Server Side Request Forgery
  '90034': 'API7:2023', // Cloud Metadata Potentially Exposed
  // API8 Security misconfiguration: missing hardening headers, disclosure, CORS, cookies
  '10010': 'API8:2023', // Cookie No HttpOnly Flag
  '10011': 'API8:2023', // Cookie Without Secure Flag
  '10015': 'API8:2023', // Re-examine Cache-control Directives
  '10020': 'API8:2023', // Missing Anti-clickjacking Header
  '10021': 'API8:2023', // X-Content-Type-Options Header Missing
  '10023': 'API8:2023', // Information Disclosure - Debug Error Messages
  '10035': 'API8:2023', // Strict-Transport-Security Header Not Set
  '10036': 'API8:2023', // Server Leaks Version Information via "Server" HTTP Response Header Field
  '10037': 'API8:2023', // Server Leaks Information via "X-Powered-By" HTTP Response Header Field(s)
  '10038': 'API8:2023', // Content Security Policy (CSP) Header Not Set
  '10049': 'API8:2023', // Storable and Cacheable Content
  '10054': 'API8:2023', // Cookie without SameSite Attribute
  '10055': 'API8:2023', // CSP
  '10098': 'API8:2023', // Cross-Domain Misconfiguration
  '40040': 'API8:2023', // CORS Header
  '90022': 'API8:2023', // Application Error Disclosure
  '90033': 'API8:2023', // Loosely Scoped Cookie
};

export function owaspForRule(pluginId: string): OwaspApi2023 | undefined {
  return OWASP_BY_RULE[pluginId];
}
