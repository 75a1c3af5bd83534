package org.kmemlab.physmem;

import java.util.HashMap;
import java.util.Map;

/**
 * The bytes of physical memory. A frame gets an array only when written; a frame nobody wrote reads
 * as deterministic, non-zero junk derived from the machine's seed and the address. A zero-filled
 * frame shares one read-only array until written (copy on write).
 */
final class SparseRam {
    private static final byte[] ZERO = new byte[0];

    private final int pageShift;
    private final int pageSize;
    private final long seed;
    private final Map<Long, byte[]> frames = new HashMap<>();

    SparseRam(int pageShift, long seed) {
        this.pageShift = pageShift;
        this.pageSize = 1 << pageShift;
        this.seed = seed;
    }

    /** Junk for an unwritten byte: a hash of (seed, address), never 0. */
    int junk(long pa) {
        long h = (pa >>> 3) * 0x9E3779B97F4A7C15L ^ seed * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        int b = (int) (h >>> ((pa & 7) * 8)) & 0xff;
        return b == 0 ? 0x5c : b;
    }

    int read(long pa) {
        byte[] f = frames.get(pa >>> pageShift);
        if (f == null) {
            return junk(pa);
        }
        if (f == ZERO) {
            return 0;
        }
        return f[(int) (pa & (pageSize - 1))] & 0xff;
    }

    void write(long pa, int v) {
        frameForWrite(pa >>> pageShift)[(int) (pa & (pageSize - 1))] = (byte) v;
    }

    private byte[] frameForWrite(long pfn) {
        byte[] f = frames.get(pfn);
        if (f == null) {
            f = new byte[pageSize];
            long base = pfn << pageShift;
            for (int i = 0; i < pageSize; i++) {
                f[i] = (byte) junk(base + i);
            }
            frames.put(pfn, f);
        } else if (f == ZERO) {
            f = new byte[pageSize];
            frames.put(pfn, f);
        }
        return f;
    }

    void fill(long pa, int v, long n) {
        long end = pa + n;
        long p = pa;
        while (p < end) {
            long pfn = p >>> pageShift;
            int off = (int) (p & (pageSize - 1));
            int len = (int) Math.min(pageSize - off, end - p);
            if (off == 0 && len == pageSize && (v & 0xff) == 0) {
                frames.put(pfn, ZERO);
            } else {
                java.util.Arrays.fill(frameForWrite(pfn), off, off + len, (byte) v);
            }
            p += len;
        }
    }

    long materialised() {
        return frames.size();
    }
}
