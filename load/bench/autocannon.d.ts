// The part of autocannon's programmatic API the benchmark uses (it ships no types).
declare module 'autocannon' {
  interface AutocannonHistogram {
    average: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    p99_9: number;
    totalCount?: number;
    total?: number;
  }
  interface AutocannonResult {
    requests: AutocannonHistogram;
    latency: AutocannonHistogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }
  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    overallRate?: number;
    connectionRate?: number;
    ignoreCoordinatedOmission?: boolean;
    timeout?: number;
  }
  function autocannon(opts: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
