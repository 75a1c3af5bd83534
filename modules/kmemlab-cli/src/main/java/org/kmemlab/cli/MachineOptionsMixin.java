package org.kmemlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.MachineOptions;

import picocli.CommandLine.Option;

/** The machine options every command that boots a machine takes. */
public final class MachineOptionsMixin {
    @Option(names = "--profile", paramLabel = "NAME", description = "x86_64 (default) or i386")
    String profile;

    @Option(names = "--ram", paramLabel = "SIZE", description = "RAM size, e.g. 64M, 1G (default), 8G")
    String ram;

    @Option(names = "--page-size", paramLabel = "SIZE", description = "4K (default), 8K, 16K or 64K")
    String pageSize;

    @Option(names = "--module", paramLabel = "SLOT=NAME", description = "choose a slot's implementation: a name (buddy=linux, slab=slob, a plugin's name) or a JavaScript file (buddy=./my-buddy.js); repeatable")
    List<String> modules = new ArrayList<>();

    @Option(names = "--debug", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "debug kernel: CONFIG_DEBUG_VM, DEBUG_PAGEALLOC (default on; --no-debug for production behaviour)")
    boolean debug;

    @Option(names = "--pcp", negatable = true, description = "per-CPU page lists for order-0 pages (default off)")
    boolean pcp;

    @Option(names = "--mobility", negatable = true, description = "migrate types, pageblocks and fallbacks (default off)")
    boolean mobility;

    @Option(names = "--seed", paramLabel = "N", description = "seed for the junk in unwritten memory")
    Long seed;

    @Option(names = "--cmdline", paramLabel = "PARAMS", description = "kernel parameters, e.g. slub_nomerge")
    String cmdline;

    /** The config these options describe, validated; bad values throw IllegalArgumentException. */
    public MachineConfig config() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (profile != null) {
            m.put("profile", profile);
        }
        if (ram != null) {
            m.put("ram", ram);
        }
        if (pageSize != null) {
            m.put("pageSize", pageSize);
        }
        m.put("debug", debug);
        m.put("pcp", pcp);
        m.put("mobility", mobility);
        if (seed != null) {
            m.put("seed", seed);
        }
        if (cmdline != null) {
            m.put("cmdline", cmdline);
        }
        if (!modules.isEmpty()) {
            Map<String, Object> mods = new LinkedHashMap<>();
            for (String s : modules) {
                int eq = s.indexOf('=');
                if (eq <= 0 || eq == s.length() - 1) {
                    throw new IllegalArgumentException("--module '" + s + "' must look like SLOT=NAME, e.g. buddy=linux");
                }
                String name = s.substring(eq + 1);
                // a module file is relative to the working directory, whatever directory the scenario is in
                mods.put(s.substring(0, eq), org.kmemlab.kernel.ModuleRegistry.isFile(name)
                    ? java.nio.file.Path.of(name).toAbsolutePath().normalize().toString() : name);
            }
            m.put("modules", mods);
        }
        return MachineOptions.apply(MachineConfig.defaults(), m);
    }
}
