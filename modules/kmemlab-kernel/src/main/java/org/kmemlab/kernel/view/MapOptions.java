package org.kmemlab.kernel.view;

/**
 * How to draw the physical memory map: one zone by name (null: all populated zones), the block order k (one
 * cell per 2^k frames; −1 picks the smallest k that fits a zone in {@link #MAX_ROWS} rows), cells per row, and
 * ANSI colours for the text form.
 */
public record MapOptions(String zone, int blockOrder, int width, boolean color) {
    public static final int DEFAULT_WIDTH = 64;
    public static final int MAX_ROWS = 64;

    public MapOptions {
        if (width < 8 || width > 512) {
            throw new IllegalArgumentException("map width must be between 8 and 512 cells, got " + width);
        }
        if (blockOrder < -1 || blockOrder > 30) {
            throw new IllegalArgumentException("map block order must be between 0 and 30, got " + blockOrder);
        }
    }

    public static MapOptions defaults() {
        return new MapOptions(null, -1, DEFAULT_WIDTH, false);
    }
}
