package org.kmemlab.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.MachineOptions;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * The options of the REPL's {@code .reset}: the command line's machine flags ({@code --profile i386 --ram 2G
 * --no-debug --module slab=slob}), so what works after {@code kmemlab repl} works after {@code .reset} too.
 * They apply onto the session's starting config; the values are checked by {@link MachineOptions#apply}.
 */
final class ReplOptions {
    static final String ALLOWED = "--profile NAME, --ram SIZE, --page-size SIZE, --module SLOT=NAME, "
        + "--[no-]debug, --[no-]pcp, --[no-]mobility, --seed N, --cmdline PARAMS";

    private ReplOptions() {
    }

    /** The config these flags describe on top of {@code base}; a bad flag or value throws IllegalArgumentException. */
    static MachineConfig apply(MachineConfig base, String text) {
        List<String> args = split(text);
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> mods = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--debug", "--no-debug", "--pcp", "--no-pcp", "--mobility", "--no-mobility" -> {
                    if (value != null) {
                        throw new IllegalArgumentException(a + " takes no value; use " + a + " or its --no- form");
                    }
                    boolean on = !a.startsWith("--no-");
                    m.put(on ? a.substring(2) : a.substring(5), on);
                    continue;
                }
                default -> {
                    // options with a value, below
                }
            }
            if (!List.of("--profile", "--ram", "--page-size", "--module", "--seed", "--cmdline").contains(a)) {
                throw new IllegalArgumentException("unknown .reset option '" + a + "'; options are " + ALLOWED);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(".reset option " + a + " needs a value; options are " + ALLOWED);
                }
                value = args.get(++i);
            }
            switch (a) {
                case "--profile" -> m.put("profile", value);
                case "--ram" -> m.put("ram", value);
                case "--page-size" -> m.put("pageSize", value);
                case "--cmdline" -> m.put("cmdline", value);
                case "--seed" -> m.put("seed", seed(value));
                default -> module(mods, value);
            }
        }
        if (!mods.isEmpty()) {
            m.put("modules", mods);
        }
        return MachineOptions.apply(base, m);
    }

    private static long seed(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed must be an integer, got '" + v + "'");
        }
    }

    private static void module(Map<String, Object> mods, String s) {
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
            throw new IllegalArgumentException("--module '" + s + "' must look like SLOT=NAME, e.g. buddy=linux");
        }
        String name = s.substring(eq + 1);
        // as on the command line: a module file is relative to the working directory
        mods.put(s.substring(0, eq), ModuleRegistry.isFile(name)
            ? java.nio.file.Path.of(name).toAbsolutePath().normalize().toString() : name);
    }

    /** Splits on blanks, keeping "quoted words" (a --cmdline with spaces) together. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException(".reset: unterminated quote " + quote);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
