package org.kmemlab.kernel.view;

import org.kmemlab.kernel.Kernel;

/**
 * The physical memory map as text: per zone a header (name, pfn range, free/present pages, what one
 * character stands for), rows of one character per block of 2^k frames each led by its first pfn, and a
 * legend; ANSI colours when asked.
 */
public final class MemoryMapText {
    private MemoryMapText() {
    }

    public static String render(Kernel k, MapOptions o) {
        return render(MemoryMapModel.of(k, o), o.color(), k.profile().pageSize);
    }

    public static String render(MemoryMapModel m, boolean color, long pageSize) {
        StringBuilder sb = new StringBuilder();
        int hexDigits = 1;
        for (MemoryMapModel.ZoneMap z : m.zones()) {
            hexDigits = Math.max(hexDigits, Long.toHexString(Math.max(0, z.endPfn() - 1)).length());
        }
        for (MemoryMapModel.ZoneMap z : m.zones()) {
            long frames = 1L << z.blockOrder();
            sb.append(String.format("Zone %s  pfn 0x%x-0x%x  free %d / present %d pages  (1 char = %d frame%s, %s)%n",
                z.name(), z.startPfn(), z.endPfn(), z.free(), z.present(), frames, frames == 1 ? "" : "s",
                size(frames * pageSize)));
            int[] cells = z.cells();
            for (int r = 0; r < z.rows(); r++) {
                sb.append(String.format("  %0" + hexDigits + "x ", z.cellPfn(r * z.width())));
                int end = Math.min(cells.length, (r + 1) * z.width());
                FrameKind open = null;
                for (int c = r * z.width(); c < end; c++) {
                    FrameKind kind = FrameClassifier.kind(cells[c]);
                    if (color && kind != open) {
                        sb.append("\u001b[").append(MapPalette.ansi(kind)).append('m');
                        open = kind;
                    }
                    sb.append(MapPalette.symbol(cells[c]));
                }
                if (color) {
                    sb.append("\u001b[0m");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        sb.append(legend(color)).append('\n');
        return sb.toString();
    }

    /** The legend line. */
    public static String legend(boolean color) {
        StringBuilder sb = new StringBuilder("legend:");
        String[][] l = MapPalette.legend();
        for (int i = 0; i < l.length; i++) {
            String sym = l[i][0];
            if (color) {
                sym = "\u001b[" + MapPalette.ansi(MapPalette.legendKind(i)) + "m" + sym + "\u001b[0m";
            }
            sb.append(' ').append(sym).append(' ').append(l[i][1]).append(i < l.length - 1 ? " " : "");
        }
        return sb.toString();
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " B";
    }
}
