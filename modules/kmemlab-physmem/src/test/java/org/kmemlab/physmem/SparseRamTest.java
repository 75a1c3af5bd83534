package org.kmemlab.physmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** SparseRam against a byte-per-address model: little-endian words, junk, zero fill, far frames. */
class SparseRamTest {
    @Test
    void randomAccessMatchesAByteModel() {
        SparseRam ram = new SparseRam(12, 42);
        SparseRam fresh = new SparseRam(12, 42);
        Map<Long, Integer> model = new HashMap<>();
        Random r = new Random(7);
        long[] bases = {0, 5L << 12, 1023L << 12, 1024L << 12, (3L << 30), (40L << 30) - 4096};
        int[] sizes = {1, 2, 4, 8, 3};
        for (int step = 0; step < 20000; step++) {
            long pa = bases[r.nextInt(bases.length)] + r.nextInt(2 * 4096);
            int size = sizes[r.nextInt(sizes.length)];
            if ((pa & 4095) + size > 4096) {
                continue; // one frame per access, as the caller guarantees
            }
            switch (r.nextInt(4)) {
                case 0 -> {
                    long v = r.nextLong();
                    ram.writeLe(pa, size, v);
                    for (int i = 0; i < size; i++) {
                        model.put(pa + i, (int) (v >>> (8 * i)) & 0xff);
                    }
                }
                case 1 -> {
                    long start = pa & ~4095L;
                    int b = r.nextInt(3) == 0 ? 0 : r.nextInt(256);
                    ram.fill(start, b, 4096);
                    for (int i = 0; i < 4096; i++) {
                        model.put(start + i, b);
                    }
                }
                default -> {
                    long expected = 0;
                    for (int i = size - 1; i >= 0; i--) {
                        int b = model.containsKey(pa + i) ? model.get(pa + i) : fresh.junk(pa + i);
                        expected = (expected << 8) | b;
                    }
                    assertEquals(expected, ram.readLe(pa, size), "read " + size + " at " + Long.toHexString(pa));
                    assertEquals((int) (expected & 0xff), ram.read(pa));
                }
            }
        }
    }

    @Test
    void unwrittenMemoryIsNonZeroJunkAndZeroFillIsCopyOnWrite() {
        SparseRam ram = new SparseRam(12, 1);
        for (long pa = 0; pa < 4096; pa++) {
            assertNotEquals(0, ram.read(pa));
        }
        ram.fill(8192, 0, 4096);
        assertEquals(1, ram.materialised());
        assertEquals(0, ram.readLe(8192 + 100, 8));
        ram.writeLe(8192 + 100, 4, 0xdeadbeefL);
        assertEquals(0xdeadbeefL, ram.readLe(8192 + 100, 4));
        assertEquals(0, ram.readLe(8192 + 104, 4));
        assertEquals(1, ram.materialised());
    }
}
