package org.kmemlab.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options a machine boots with ({@code machine({...})}, command-line machine options).
 *
 * @param profile  {@code x86_64} or {@code i386}
 * @param ramBytes RAM size in bytes
 * @param pageSize bytes per page frame (4096, 8192, 16384 or 65536)
 * @param debug    CONFIG_DEBUG_VM + DEBUG_PAGEALLOC + slub_debug behaviour
 * @param pcp      per-CPU page lists for order-0 pages
 * @param mobility migrate types, pageblocks and fallbacks
 * @param seed     seeds the junk that unwritten memory holds
 * @param modules  slot id → implementation name, for the slots the user chose
 * @param cmdline  kernel command-line parameters the simulator honours (e.g. {@code slub_nomerge}), space separated
 */
public record MachineConfig(String profile, long ramBytes, int pageSize, boolean debug, boolean pcp,
                            boolean mobility, long seed, Map<String, String> modules, String cmdline) {

    /** The kernel parameters kmemlab understands. */
    public static final java.util.Set<String> KNOWN_PARAMETERS = java.util.Set.of("slub_nomerge");

    public static final long DEFAULT_RAM = 1L << 30;
    public static final long DEFAULT_SEED = 0x2634L;

    public MachineConfig {
        modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        cmdline = cmdline == null ? "" : cmdline.trim();
        for (String param : cmdline.isEmpty() ? new String[0] : cmdline.split("\\s+")) {
            if (!KNOWN_PARAMETERS.contains(param)) {
                throw new IllegalArgumentException("unknown kernel parameter '" + param + "'; kmemlab understands "
                    + String.join(", ", new java.util.TreeSet<>(KNOWN_PARAMETERS)));
            }
        }
    }

    /** Whether the kernel command line has this parameter. */
    public boolean hasParameter(String param) {
        return java.util.Arrays.asList(cmdline.split("\\s+")).contains(param);
    }

    public MachineConfig withCmdline(String c) {
        return new MachineConfig(profile, ramBytes, pageSize, debug, pcp, mobility, seed, modules, c);
    }

    public static MachineConfig defaults() {
        return new MachineConfig("x86_64", DEFAULT_RAM, 4096, true, false, false, DEFAULT_SEED, Map.of(), "");
    }

    public MachineConfig withProfile(String p) {
        return new MachineConfig(p, ramBytes, pageSize, debug, pcp, mobility, seed, modules, cmdline);
    }

    public MachineConfig withRam(long r) {
        return new MachineConfig(profile, r, pageSize, debug, pcp, mobility, seed, modules, cmdline);
    }

    public MachineConfig withPageSize(int ps) {
        return new MachineConfig(profile, ramBytes, ps, debug, pcp, mobility, seed, modules, cmdline);
    }

    public MachineConfig withDebug(boolean d) {
        return new MachineConfig(profile, ramBytes, pageSize, d, pcp, mobility, seed, modules, cmdline);
    }

    public MachineConfig withPcp(boolean p) {
        return new MachineConfig(profile, ramBytes, pageSize, debug, p, mobility, seed, modules, cmdline);
    }

    public MachineConfig withMobility(boolean m) {
        return new MachineConfig(profile, ramBytes, pageSize, debug, pcp, m, seed, modules, cmdline);
    }

    public MachineConfig withSeed(long s) {
        return new MachineConfig(profile, ramBytes, pageSize, debug, pcp, mobility, s, modules, cmdline);
    }

    public MachineConfig withModule(String slot, String name) {
        Map<String, String> m = new LinkedHashMap<>(modules);
        m.put(Slot.parse(slot).id(), name);
        return new MachineConfig(profile, ramBytes, pageSize, debug, pcp, mobility, seed, m, cmdline);
    }
}
