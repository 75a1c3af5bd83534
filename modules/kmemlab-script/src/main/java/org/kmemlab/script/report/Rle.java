package org.kmemlab.script.report;

import java.util.Arrays;

/** Run-length encoding of an int column as {@code value, run, value, run, ...}: the initial frame state is long runs. */
final class Rle {
    private Rle() {
    }

    static int[] encode(int[] a) {
        int[] out = new int[16];
        int k = 0;
        int i = 0;
        while (i < a.length) {
            int v = a[i];
            int j = i + 1;
            while (j < a.length && a[j] == v) {
                j++;
            }
            if (k + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[k++] = v;
            out[k++] = j - i;
            i = j;
        }
        return Arrays.copyOf(out, k);
    }
}
