package dev.rampart.kata.zipslip;

/**
 * How much one uploaded archive may unpack to.
 *
 * @param maxEntries    the most entries (files, folders and links) one archive may hold
 * @param maxTotalBytes the most bytes one archive may unpack to, all files together
 * @param maxRatio      the most bytes one archive may unpack to per byte of the archive itself
 */
public record ExtractionLimits(int maxEntries, long maxTotalBytes, long maxRatio) {
}
