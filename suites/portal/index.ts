// Portal suite registry: the web portal checks and the one browser visit they all judge.
import type { AnyCheck, AnyCollector } from '../../engine/check.ts';
import { portalSessionCollector } from './collectors/portal-session.ts';
import portalAccessibility from './portal-accessibility.ts';
import portalApiAgreement from './portal-api-agreement.ts';
import portalCsp from './portal-csp.ts';
import portalLogin from './portal-login.ts';
import portalLogout from './portal-logout.ts';
import portalSessionCookie from './portal-session-cookie.ts';

export const checks: readonly AnyCheck[] = [
  portalLogin,
  portalApiAgreement,
  portalSessionCookie,
  portalCsp,
  portalLogout,
  portalAccessibility,
];

export const collectors: readonly AnyCollector[] = [portalSessionCollector];
