package org.kmemlab.kernel;

import java.util.Map;
import java.util.Set;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Slot;

/** Turns {@code machine({...})} options (or command-line options) into a {@link MachineConfig}, with clear errors. */
public final class MachineOptions {
    private MachineOptions() {
    }

    public static final Set<String> KEYS = Set.of("profile", "ram", "pageSize", "debug", "pcp", "mobility", "seed",
        "modules", "cmdline");

    /**
     * Applies options onto a base config. Values: profile String; ram String ("1G") or Number (bytes);
     * pageSize String ("4K") or Number; debug/pcp/mobility Boolean; seed Number; modules Map slot→name.
     */
    public static MachineConfig apply(MachineConfig base, Map<String, ?> opts) {
        MachineConfig c = base;
        for (Map.Entry<String, ?> e : opts.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case "profile" -> c = c.withProfile(string(k, v));
                case "ram" -> c = c.withRam(size(k, v));
                case "pageSize" -> c = c.withPageSize((int) Math.min(Integer.MAX_VALUE, size(k, v)));
                case "debug" -> c = c.withDebug(bool(k, v));
                case "pcp" -> c = c.withPcp(bool(k, v));
                case "mobility" -> c = c.withMobility(bool(k, v));
                case "seed" -> c = c.withSeed(number(k, v));
                case "cmdline" -> c = c.withCmdline(string(k, v));
                case "modules" -> {
                    if (!(v instanceof Map<?, ?> m)) {
                        throw new IllegalArgumentException("machine option 'modules' must be an object like { slab: \"slob\" }");
                    }
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        String slot = String.valueOf(me.getKey());
                        Slot.parse(slot);
                        c = c.withModule(slot, string("modules." + slot, me.getValue()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown machine option '" + k
                    + "'; options are profile, ram, pageSize, debug, pcp, mobility, seed, modules, cmdline");
            }
        }
        new Profile(c); // validates profile, ram and pageSize now, with the option's name in the message
        for (Map.Entry<String, String> e : c.modules().entrySet()) {
            if (!ModuleRegistry.isFile(e.getValue())) {
                ModuleRegistry.current().resolve(Slot.parse(e.getKey()), e.getValue()); // unknown names fail here
            } else if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(e.getValue()))) {
                throw new IllegalArgumentException("module file '" + e.getValue() + "' for " + e.getKey() + " not found");
            }
        }
        return c;
    }

    private static String string(String k, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("machine option '" + k + "' must be a string, got " + describe(v));
    }

    private static boolean bool(String k, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("machine option '" + k + "' must be true or false, got " + describe(v));
    }

    private static long number(String k, Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValue();
        }
        throw new IllegalArgumentException("machine option '" + k + "' must be an integer, got " + describe(v));
    }

    private static long size(String k, Object v) {
        if (v instanceof String s) {
            return Profile.parseSize(k, s);
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() > 0) {
            return n.longValue();
        }
        throw new IllegalArgumentException("machine option '" + k + "' must be a size like \"1G\" or a positive number of bytes, got "
            + describe(v));
    }

    private static String describe(Object v) {
        return v == null ? "null" : v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
