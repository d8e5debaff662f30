/**
 * Entry of the metrics side bundle (see load.ts): Powertools Metrics, loaded by the first
 * request of a function that counts something (a post, an import, a close, a replay, an
 * unhandled error); reads, most of a function's requests, count nothing and never load it.
 */
export { Metrics } from '@aws-lambda-powertools/metrics';
