package org.kmemlab.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.graalvm.polyglot.Value;
import org.kmemlab.api.MachineConfig;

/** The REPL's dot-commands: .help, .reset, .map, .proc, .modules, .load, .exit. */
final class ReplCommands {
    static final List<String> NAMES = List.of(".help", ".reset", ".map", ".proc", ".modules", ".load", ".exit");
    /** The /proc views, for completion; an unknown one is reported by proc() itself. */
    static final List<String> PROC_VIEWS = List.of("buddyinfo", "pagetypeinfo", "zoneinfo", "meminfo", "vmstat",
        "slabinfo", "vmallocinfo");

    static final String HELP = String.join("\n",
        "Every kernel function and constant of the scenario API is a global; variables persist between inputs.",
        "An open bracket, string or template continues on the next line. Tab completes names (and page.<Tab> members).",
        "",
        "Commands:",
        "  .help                  this text",
        "  .reset [OPTIONS]       reboot: a new machine and a fresh JavaScript context, with the options kmemlab repl",
        "                         started with plus these command-line flags: --profile NAME, --ram SIZE, --page-size SIZE,",
        "                         --module SLOT=NAME, --[no-]debug, --[no-]pcp, --[no-]mobility, --seed N, --cmdline PARAMS",
        "  .map [OPTIONS]         the physical memory map: show_map(OPTIONS), e.g. .map {zone: \"DMA\"}",
        "  .proc NAME             a /proc view: " + String.join(", ", PROC_VIEWS),
        "  .modules               the module in each slot, and the modules available",
        "  .load FILE             evaluate a file here (its tests run at once; module paths are relative to the file)",
        "  .exit                  leave (or Ctrl-D)",
        "",
        "test()/describe() run their tests at once, on this machine, and print ✓ or ✗.",
        "",
        "Examples:",
        "  p = alloc_pages(GFP_KERNEL, 2)",
        "  page_address(p)",
        "  __free_pages(p, 2)",
        "  buddyinfo()",
        "  x = kmalloc(100, GFP_KERNEL); ksize(x)",
        "  .reset --profile i386 --ram 2G",
        "  .proc zoneinfo");

    private final ReplSession session;

    ReplCommands(ReplSession session) {
        this.session = session;
    }

    /** A dot-command is a line starting with a dot and a letter ({@code .5 + 1} is JavaScript). */
    static boolean isCommand(String trimmed) {
        return trimmed.length() > 1 && trimmed.charAt(0) == '.' && Character.isLetter(trimmed.charAt(1));
    }

    ReplSession.Result run(String line) {
        int sp = indexOfBlank(line);
        String cmd = sp < 0 ? line : line.substring(0, sp);
        String arg = sp < 0 ? "" : line.substring(sp).strip();
        return switch (cmd) {
            case ".help" -> ReplSession.Result.ok(HELP);
            case ".exit" -> new ReplSession.Result("", false, true);
            case ".reset" -> reset(arg);
            case ".map" -> map(arg);
            case ".proc" -> proc(arg);
            case ".modules" -> modules();
            case ".load" -> load(arg);
            default -> ReplSession.Result.error("unknown command " + cmd + "; commands are " + String.join(", ", NAMES));
        };
    }

    private ReplSession.Result reset(String arg) {
        MachineConfig c;
        try {
            c = ReplOptions.apply(session.startConfig(), arg);
            session.reset(c);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            return ReplSession.Result.error(m.startsWith(".reset") ? m : ".reset: " + m);
        }
        return ReplSession.Result.ok("rebooted: " + describe(c) + " (variables cleared)");
    }

    private ReplSession.Result map(String arg) {
        Value f = session.quiet("typeof show_map === 'function'");
        if (f == null || !f.isBoolean() || !f.asBoolean()) {
            return ReplSession.Result.error("show_map is not available in this build");
        }
        return session.eval("show_map(" + arg + ")");
    }

    private ReplSession.Result proc(String arg) {
        if (arg.isEmpty() || arg.contains(" ")) {
            return ReplSession.Result.error("usage: .proc NAME, where NAME is one of " + String.join(", ", PROC_VIEWS));
        }
        return session.eval("proc(" + JsValues.toJson(arg) + ")");
    }

    private ReplSession.Result modules() {
        return session.eval("(() => { const m = modules(); const w = Math.max(...Object.keys(m).map((s) => s.length));"
            + " return Object.entries(m).map(([s, n]) => s.padEnd(w) + '  ' + n).join('\\n')"
            + " + '\\navailable: ' + available_modules().join(', ') + '\\n'; })()");
    }

    private ReplSession.Result load(String arg) {
        if (arg.isEmpty()) {
            return ReplSession.Result.error("usage: .load FILE (a JavaScript file, e.g. examples/scenarios/02-alloc-pages.js)");
        }
        Path file = Path.of(arg);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ReplSession.Result.error(".load: " + arg + ": no such file");
        } catch (IOException e) {
            return ReplSession.Result.error(".load: " + arg + ": cannot read: " + e.getMessage());
        }
        ReplSession.Result r = session.evalFile(arg, text, file.toAbsolutePath().getParent());
        if (r.error()) {
            return r;
        }
        return ReplSession.Result.ok((r.text().isEmpty() ? "" : r.text() + "\n") + "loaded " + arg);
    }

    static String describe(MachineConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.profile()).append(", ").append(size(c.ramBytes())).append(" RAM");
        if (c.pageSize() != 4096) {
            sb.append(", ").append(size(c.pageSize())).append(" pages");
        }
        sb.append(c.debug() ? ", debug" : ", no debug");
        if (c.pcp()) {
            sb.append(", pcp");
        }
        if (c.mobility()) {
            sb.append(", mobility");
        }
        c.modules().forEach((slot, name) -> sb.append(", ").append(slot).append('=').append(name));
        return sb.toString();
    }

    private static String size(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        while (u < units.length - 1 && bytes >= 1024 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + units[u];
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
