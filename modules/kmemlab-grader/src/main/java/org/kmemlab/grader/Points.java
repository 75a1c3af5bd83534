package org.kmemlab.grader;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Points are kept in hundredths (exact sums, no floating-point drift); shown with at most two decimals. */
public final class Points {
    private Points() {
    }

    /** Hundredths from a manifest number (at most two decimals). */
    public static long parse(String field, BigDecimal v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException(field + " must be 0 or more, got " + v.toPlainString());
        }
        BigDecimal h = v.movePointRight(2);
        if (h.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(field + " may have at most two decimals, got " + v.toPlainString());
        }
        if (h.compareTo(BigDecimal.valueOf(100_000_000)) > 0) {
            throw new IllegalArgumentException(field + " is too large: " + v.toPlainString());
        }
        return h.longValueExact();
    }

    /** {@code total} hundredths split over {@code n} items: equal shares, the first ones one hundredth more. */
    public static List<Long> split(long total, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(total / n + (i < total % n ? 1 : 0));
        }
        return out;
    }

    /** 1000 → "10", 667 → "6.67", 650 → "6.5". */
    public static String format(long hundredths) {
        return BigDecimal.valueOf(hundredths, 2).stripTrailingZeros().toPlainString();
    }

    /** As a JSON/CSV number. */
    public static double value(long hundredths) {
        return hundredths / 100.0;
    }
}
