package org.kmemlab.kernel.view;

import java.util.ArrayList;
import java.util.List;

import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/**
 * The physical memory map every renderer draws: per populated zone, one cell per block of 2^k frames, the
 * block's dominant kind (most frames; a tie goes to the later kind in {@link FrameKind} order). A FREE cell's
 * detail is the largest free-block order among its frames; a SLAB cell's detail is its cache's index.
 */
public record MemoryMapModel(List<ZoneMap> zones, List<String> cacheNames) {
    /**
     * One zone: pfns [startPfn, endPfn), pages free (NR_FREE_PAGES) and present_pages (2.6.34 has no managed_pages;
     * free may exceed present, as in the kernel, because every zone is charged for its memmap pages), cells in pfn
     * order.
     */
    public record ZoneMap(String name, long startPfn, long endPfn, long free, long present, int blockOrder,
                          int width, int[] cells) {
        public int rows() {
            return (cells.length + width - 1) / width;
        }

        public long cellPfn(int cell) {
            return startPfn + ((long) cell << blockOrder);
        }
    }

    public static MemoryMapModel of(Kernel k, MapOptions o) {
        List<Zone> shown = zones(k, o.zone());
        FrameClassifier fc = new FrameClassifier(k);
        List<ZoneMap> out = new ArrayList<>();
        int nKinds = FrameKind.values().length;
        for (Zone z : shown) {
            long n = z.spannedPages;
            int order = o.blockOrder();
            if (order < 0) {
                order = 0;
                while (((n + (1L << order) - 1) >> order) > (long) o.width() * MapOptions.MAX_ROWS) {
                    order++;
                }
            }
            int[] codes = new int[(int) n];
            fc.classify(z.startPfn, z.endPfn(), codes, 0);
            int nCells = (int) ((n + (1L << order) - 1) >> order);
            int[] cells = new int[nCells];
            int[] count = new int[nKinds];
            int[] lastDetail = new int[nKinds];
            for (int c = 0; c < nCells; c++) {
                java.util.Arrays.fill(count, 0);
                java.util.Arrays.fill(lastDetail, 0);
                int from = c << order;
                int to = (int) Math.min(n, (long) from + (1L << order));
                for (int i = from; i < to; i++) {
                    int kind = codes[i] & 0xff;
                    count[kind]++;
                    int d = FrameClassifier.detail(codes[i]);
                    lastDetail[kind] = kind == FrameKind.FREE.ordinal() ? Math.max(lastDetail[kind], d) : d;
                }
                int best = 0;
                for (int kind = 1; kind < nKinds; kind++) {
                    if (count[kind] >= count[best]) {
                        best = kind;
                    }
                }
                cells[c] = best | lastDetail[best] << 8;
            }
            out.add(new ZoneMap(z.name, z.startPfn, z.endPfn(), z.nrFreePages(), z.presentPages, order, o.width(), cells));
        }
        return new MemoryMapModel(out, List.copyOf(fc.cacheNames()));
    }

    /** The zones to draw: every populated one, or the one named; an unknown name lists the zones there are. */
    static List<Zone> zones(Kernel k, String name) {
        List<Zone> all = new ArrayList<>();
        for (Zone z : k.physmem().zones()) {
            if (z.spannedPages > 0) {
                all.add(z);
            }
        }
        if (name == null) {
            return all;
        }
        for (Zone z : all) {
            if (z.name.equalsIgnoreCase(name)) {
                return List.of(z);
            }
        }
        List<String> names = all.stream().map(z -> z.name).toList();
        throw new IllegalArgumentException("unknown zone '" + name + "': this machine has " + String.join(", ", names));
    }
}
