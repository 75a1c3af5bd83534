package org.kmemlab.api;

/** enum migratetype of 2.6.34 (reference §3.1) and the names /proc/pagetypeinfo prints. */
public final class MigrateType {
    private MigrateType() {
    }

    public static final int MIGRATE_UNMOVABLE = 0;
    public static final int MIGRATE_RECLAIMABLE = 1;
    public static final int MIGRATE_MOVABLE = 2;
    public static final int MIGRATE_PCPTYPES = 3;
    public static final int MIGRATE_RESERVE = MIGRATE_PCPTYPES;
    public static final int MIGRATE_ISOLATE = 4;
    public static final int MIGRATE_TYPES = 5;

    public static final String[] NAMES = {"Unmovable", "Reclaimable", "Movable", "Reserve", "Isolate"};

    /** allocflags_to_migratetype(). */
    public static int fromGfp(int gfp) {
        return ((gfp & Gfp.__GFP_MOVABLE) != 0 ? 2 : 0) | ((gfp & Gfp.__GFP_RECLAIMABLE) != 0 ? 1 : 0);
    }
}
