package org.kmemlab.kernel.view;

/** Where the image forms (SVG, PNG) put things: a zone title line, rows of square cells led by a pfn, a legend. */
final class MapGeometry {
    static final int MARGIN = 10;
    static final int CELL = 8;
    static final int LABEL = 64;
    static final int TITLE = 22;
    static final int ZONE_GAP = 10;
    static final int LEGEND_ROW = 16;
    static final int LEGEND_COLS = 5;
    static final int LEGEND_COL_WIDTH = 175;

    private final MemoryMapModel m;
    final int width;
    final int height;
    /** Top of each zone's first cell row. */
    final int[] zoneTop;
    final int legendTop;

    MapGeometry(MemoryMapModel m) {
        this.m = m;
        int w = 0;
        int y = MARGIN;
        zoneTop = new int[m.zones().size()];
        for (int i = 0; i < zoneTop.length; i++) {
            MemoryMapModel.ZoneMap z = m.zones().get(i);
            w = Math.max(w, z.width() * CELL);
            zoneTop[i] = y + TITLE;
            y = zoneTop[i] + z.rows() * CELL + ZONE_GAP;
        }
        legendTop = y + 4;
        int legendRows = (MapPalette.legend().length + LEGEND_COLS - 1) / LEGEND_COLS;
        width = Math.max(MARGIN * 2 + LABEL + w, MARGIN * 2 + LEGEND_COLS * LEGEND_COL_WIDTH);
        height = legendTop + legendRows * LEGEND_ROW + MARGIN;
    }

    int cellX(int col) {
        return MARGIN + LABEL + col * CELL;
    }

    int cellY(int zone, int row) {
        return zoneTop[zone] + row * CELL;
    }

    int legendX(int i) {
        return MARGIN + (i % LEGEND_COLS) * LEGEND_COL_WIDTH;
    }

    int legendY(int i) {
        return legendTop + (i / LEGEND_COLS) * LEGEND_ROW;
    }

    static String title(MemoryMapModel.ZoneMap z, long pageSize) {
        long frames = 1L << z.blockOrder();
        return String.format("Zone %s  pfn 0x%x-0x%x  free %d / present %d pages  (1 cell = %d frame%s, %s)", z.name(),
            z.startPfn(), z.endPfn(), z.free(), z.present(), frames, frames == 1 ? "" : "s",
            MemoryMapText.size(frames * pageSize));
    }

    MemoryMapModel model() {
        return m;
    }
}
