package org.kmemlab.conform;

import java.util.List;
import java.util.Random;

import org.kmemlab.api.Gfp;

/**
 * A random run of allocations and frees (seeded from the machine's seed, so a failure repeats): mostly small
 * orders, sometimes large ones, the usual gfp masks, now and then __GFP_COMP. NULL is allowed (the run does
 * not care whether memory runs out); every block returned is checked by {@link PageBlocks}.
 */
final class Churn {
    private Churn() {
    }

    /** Runs {@code ops} random steps; returns how many allocations succeeded. */
    static int run(PageBlocks blocks, Random r, List<Integer> gfps, int ops, int maxOrder) {
        int got = 0;
        for (int i = 0; i < ops; i++) {
            if (blocks.size() == 0 || r.nextInt(100) < 55) {
                int order = order(r, maxOrder);
                int gfp = gfps.get(r.nextInt(gfps.size())) | Gfp.__GFP_NOWARN;
                if (order > 0 && r.nextInt(4) == 0) {
                    gfp |= Gfp.__GFP_COMP;
                }
                if (blocks.alloc(gfp, order) != null) {
                    got++;
                }
            } else {
                blocks.freeRandom(r);
            }
        }
        return got;
    }

    /** Half order 0, a quarter 1-2, most of the rest 3-5, a few up to maxOrder. */
    static int order(Random r, int maxOrder) {
        int x = r.nextInt(100);
        int o;
        if (x < 50) {
            o = 0;
        } else if (x < 75) {
            o = 1 + r.nextInt(2);
        } else if (x < 93) {
            o = 3 + r.nextInt(3);
        } else {
            o = 6 + r.nextInt(Math.max(1, maxOrder - 5));
        }
        return Math.min(o, maxOrder);
    }
}
