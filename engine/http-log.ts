// The HttpLog artifact: every exchange the run recorded, for checks that judge all responses
// (schemas, headers). It runs last so it sees what every other collector sent.
import { defineCollector } from './check.ts';
import type { HttpExchange } from './context.ts';

export interface HttpLog {
  exchanges: readonly HttpExchange[];
}

declare module './check.ts' {
  interface ArtifactMap {
    HttpLog: HttpLog;
  }
}

export const httpLogCollector = defineCollector({
  name: 'HttpLog',
  description: 'Every HTTP exchange recorded during the run',
  runsLast: true,
  async collect(ctx) {
    return { exchanges: [...ctx.http.exchanges()] };
  },
});
