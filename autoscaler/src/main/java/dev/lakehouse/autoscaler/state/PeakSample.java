package dev.lakehouse.autoscaler.state;

/**
 * The highest demand (in units) seen during one time bucket; the recent peak is the maximum over
 * the buckets still inside the remembered window.
 *
 * @param bucketStartMs start of the bucket, epoch ms
 * @param units highest demand in units seen in it
 */
public record PeakSample(long bucketStartMs, int units) {}
