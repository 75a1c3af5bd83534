package org.kmemlab.physmem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bytes of physical memory. A frame gets an array only when written; a frame nobody wrote reads
 * as deterministic, non-zero junk derived from the machine's seed and the address. A zero-filled
 * frame shares one read-only array until written (copy on write).
 *
 * <p>Frames are found through a two-level table indexed by pfn (chunks of {@value #CHUNK} frames made on
 * first write), so a lookup is two array loads with no boxing: page-table walks touch a different frame
 * at every level, which a hash map of boxed pfns made the slowest step of every mapping.
 */
final class SparseRam {
    private static final byte[] ZERO = new byte[0];

    private final int pageShift;
    private final int pageSize;
    private final long seed;
    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** chunks[pfn >> CHUNK_SHIFT][pfn & (CHUNK - 1)]: null = never written, ZERO = zero-filled. */
    private byte[][][] chunks = new byte[16][][];
    private long materialised;
    /** One-entry lookup cache: most accesses touch the frame the previous one touched. */
    private long cachedPfn = -1;
    private byte[] cachedFrame;

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

    private byte[] lookup(long pfn) {
        if (pfn == cachedPfn) {
            return cachedFrame;
        }
        long c = pfn >>> CHUNK_SHIFT;
        byte[][] chunk = c < chunks.length ? chunks[(int) c] : null;
        byte[] f = chunk == null ? null : chunk[(int) (pfn & (CHUNK - 1))];
        cachedPfn = pfn;
        cachedFrame = f;
        return f;
    }

    private void remember(long pfn, byte[] f) {
        int c = Math.toIntExact(pfn >>> CHUNK_SHIFT);
        if (c >= chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        }
        byte[][] chunk = chunks[c];
        if (chunk == null) {
            chunk = new byte[CHUNK][];
            chunks[c] = chunk;
        }
        int i = (int) (pfn & (CHUNK - 1));
        if (chunk[i] == null) {
            materialised++;
        }
        chunk[i] = f;
        cachedPfn = pfn;
        cachedFrame = f;
    }

    /** Reads size (1..8) bytes little-endian; the caller guarantees they lie in one frame. */
    long readLe(long pa, int size) {
        byte[] f = lookup(pa >>> pageShift);
        if (f != null && f != ZERO) {
            int off = (int) (pa & (pageSize - 1));
            switch (size) {
                case 8: return (long) LONG_LE.get(f, off);
                case 4: return (int) INT_LE.get(f, off) & 0xffffffffL;
                case 2: return (short) SHORT_LE.get(f, off) & 0xffffL;
                case 1: return f[off] & 0xffL;
                default:
                    long v = 0;
                    for (int i = size - 1; i >= 0; i--) {
                        v = (v << 8) | (f[off + i] & 0xff);
                    }
                    return v;
            }
        }
        if (f == ZERO) {
            return 0;
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | junk(pa + i);
        }
        return v;
    }

    /** Writes size (1..8) bytes little-endian within one frame. */
    void writeLe(long pa, int size, long value) {
        byte[] f = frameForWrite(pa >>> pageShift);
        int off = (int) (pa & (pageSize - 1));
        switch (size) {
            case 8 -> LONG_LE.set(f, off, value);
            case 4 -> INT_LE.set(f, off, (int) value);
            case 2 -> SHORT_LE.set(f, off, (short) value);
            default -> {
                for (int i = 0; i < size; i++) {
                    f[off + i] = (byte) (value >>> (8 * i));
                }
            }
        }
    }

    boolean sameFrame(long pa, int size) {
        return (pa >>> pageShift) == ((pa + size - 1) >>> pageShift);
    }

    int read(long pa) {
        byte[] f = lookup(pa >>> pageShift);
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
        byte[] f = lookup(pfn);
        if (f == null) {
            f = new byte[pageSize];
            long base = pfn << pageShift;
            for (int i = 0; i < pageSize; i++) {
                f[i] = (byte) junk(base + i);
            }
            remember(pfn, f);
        } else if (f == ZERO) {
            f = new byte[pageSize];
            remember(pfn, f);
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
                remember(pfn, ZERO);
            } else {
                java.util.Arrays.fill(frameForWrite(pfn), off, off + len, (byte) v);
            }
            p += len;
        }
    }

    long materialised() {
        return materialised;
    }
}
