package org.kmemlab.kernel.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a random trace in {@link TraceReplay}'s format: orders drawn uniformly from [minOrder, maxOrder],
 * a live set that grows to {@code targetLive} blocks and then holds there (alloc and free equally likely),
 * frees of a uniformly chosen live handle. Deterministic for a seed.
 */
public final class TraceGen {
    private TraceGen() {
    }

    public static int[] generate(long ops, int minOrder, int maxOrder, int targetLive, long seed) {
        if (ops > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " operations");
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[(int) ops];
        int[] live = new int[Math.max(1, targetLive * 2)];
        int nLive = 0;
        int allocs = 0;
        for (int i = 0; i < out.length; i++) {
            boolean alloc = nLive == 0 || (nLive < targetLive ? r.nextInt(4) != 0 : r.nextBoolean());
            if (nLive == live.length) {
                alloc = false;
            }
            if (alloc) {
                out[i] = minOrder + r.nextInt(maxOrder - minOrder + 1);
                live[nLive++] = allocs++;
            } else {
                int j = r.nextInt(nLive);
                out[i] = -live[j] - 1;
                live[j] = live[--nLive];
            }
        }
        return out;
    }

    public static void write(Path file, int[] ops) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : ops) {
                b.putInt(v);
                if (!b.hasRemaining()) {
                    os.write(b.array(), 0, b.position());
                    b.clear();
                }
            }
            os.write(b.array(), 0, b.position());
        }
    }
}
