package org.kmemlab.kernel.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.kmemlab.api.Gfp;
import org.kmemlab.kernel.Kernel;

/**
 * Replays a binary allocation trace on a machine's page allocator through the kernel API
 * ({@code alloc_pages} / {@code __free_pages}), so the simulator can be compared op for op with other
 * allocators fed the same file.
 *
 * <p>Format: little-endian int32 per operation. {@code v >= 0} allocates a block of order v; its handle
 * is the number of allocations before it (from 0). {@code v < 0} frees handle {@code -v - 1} with the
 * order it was allocated with. Freeing a handle whose allocation failed is skipped (the kernel's
 * callers would not free NULL).
 */
public final class TraceReplay {
    private TraceReplay() {
    }

    /** What one replay measured. */
    public record Result(long operations, long allocations, long failedAllocations, long frees, long checksum,
                         long nanos) {
        public double nsPerOp() {
            return operations == 0 ? 0 : (double) nanos / operations;
        }
    }

    /** Reads a whole trace file into memory (so file I/O is not timed). */
    public static int[] read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % 4 != 0) {
                throw new IllegalArgumentException("trace " + file + " has " + size
                    + " bytes, not a whole number of int32 operations");
            }
            if (size / 4 > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("trace " + file + " is too large");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read fully
            }
            buf.flip();
            IntBuffer ib = buf.asIntBuffer();
            int[] ops = new int[ib.remaining()];
            ib.get(ops);
            return ops;
        }
    }

    /** Checks handles and orders before anything runs, so a bad trace fails with a clear message. */
    public static void validate(int[] ops) {
        long allocs = 0;
        for (int i = 0; i < ops.length; i++) {
            int v = ops[i];
            if (v >= 0) {
                if (v > 63) {
                    throw new IllegalArgumentException("trace operation " + i + ": order " + v + " is not a valid order");
                }
                allocs++;
            } else if (-(long) v - 1 >= allocs) {
                throw new IllegalArgumentException("trace operation " + i + " frees handle " + (-(long) v - 1)
                    + " before it was allocated (" + allocs + " allocations so far)");
            }
        }
    }

    public static Result replay(Kernel k, int[] ops, int gfp) {
        int allocCount = 0;
        for (int v : ops) {
            if (v >= 0) {
                allocCount++;
            }
        }
        // pfns as ints, as scripts/bench/buddy_replay.c keeps them (no measurable change in ns/op; a pfn fits:
        // the largest machine, 64 GiB, has 2^24 frames)
        int[] handles = new int[allocCount];
        byte[] orders = new byte[allocCount];
        int next = 0;
        long failed = 0;
        long frees = 0;
        long checksum = 0xcbf29ce484222325L;
        long t0 = System.nanoTime();
        for (int v : ops) {
            if (v >= 0) {
                long pfn = k.alloc_pages(gfp, v);
                handles[next] = (int) pfn;
                orders[next] = (byte) v;
                next++;
                if (pfn < 0) {
                    failed++;
                }
                checksum = (checksum ^ pfn) * 0x100000001b3L; // FNV-1a over the returned pfns (-1 for NULL)
            } else {
                int h = -v - 1;
                int pfn = handles[h];
                if (pfn >= 0) {
                    k.__free_pages(pfn, orders[h]);
                    handles[h] = -1;
                    frees++;
                }
            }
        }
        long nanos = System.nanoTime() - t0;
        return new Result(ops.length, allocCount, failed, frees, checksum, nanos);
    }

    public static Result replay(Kernel k, int[] ops) {
        return replay(k, ops, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN);
    }
}
