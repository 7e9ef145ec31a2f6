// autocannon 8 ships no types and @types/autocannon is not installed: the subset this harness uses.
declare module 'autocannon' {
  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

  export type RawRequest = {
    method?: Method;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  };

  export type RequestSpec = RawRequest & {
    setupRequest?: (req: RawRequest, context: Record<string, unknown>) => RawRequest;
  };

  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    method?: Method;
    headers?: Record<string, string>;
    body?: string;
    requests?: RequestSpec[];
    warmup?: { connections?: number; duration?: number };
  };

  export type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  };

  export type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    latency: Histogram;
    requests: Histogram & { sent: number };
    throughput: Histogram;
    /** Present when the run had a warmup phase. */
    warmup?: Result;
  };

  export default function autocannon(options: Options): Promise<Result> & { stop: () => void };
}
