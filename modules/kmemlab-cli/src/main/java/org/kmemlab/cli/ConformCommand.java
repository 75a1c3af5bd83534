package org.kmemlab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.conform.CheckResult;
import org.kmemlab.conform.Conformance;
import org.kmemlab.kernel.ModuleRegistry;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab conform --module SLOT=NAME}: the slot's conformance contract against one implementation. */
@Command(name = "conform", mixinStandardHelpOptions = true,
    description = {"Check that an implementation keeps its slot's contract: what every allocator for the slot must"
        + " guarantee, whatever its design (alignment, zones, zeroing, no overlaps, pages given back, misuse reported"
        + " ...). Prints one PASS or FAIL line per check, then N passed, N failed.",
        "",
        "The FIRST --module SLOT=NAME names the implementation under test: a built-in, a plugin's name or a module"
        + " file (buddy=./my-buddy.js). Further --module options choose the rest of the machine. Each check boots"
        + " its own machines from the machine options; some also try the other profile, the switches, or debug on"
        + " and off.",
        ""},
    footer = {"", "Examples:",
        "  kmemlab conform --module buddy=./my-buddy.js",
        "  kmemlab conform --module buddy=first-fit --plugins plugins/ --pcp",
        "  kmemlab conform --module slab=slob --check gfp-zero --check pages-come-back",
        "  kmemlab conform --module mmu=i386-pae   (boots i386 unless --profile is given)",
        "  kmemlab conform --module vmalloc=linux --list",
        "", "Exit status: 0 when every check passed, 1 when one failed, 2 for bad input."})
final class ConformCommand implements Callable<Integer> {
    @Mixin
    MachineOptionsMixin machine = new MachineOptionsMixin();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "time limit for each check (default ${DEFAULT-VALUE}); a check still running then fails as timed out")
    double timeoutSeconds;

    @Option(names = "--check", paramLabel = "NAME", description = "run only this check (repeatable); see --list")
    List<String> checks = new ArrayList<>();

    @Option(names = "--list", description = "list the slot's checks and exit")
    boolean list;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (machine.modules.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--module SLOT=NAME is required: the first --module"
                + " names the implementation under test, e.g. --module buddy=./my-buddy.js");
        }
        String first = machine.modules.get(0);
        int eq = first.indexOf('=');
        if (eq <= 0 || eq == first.length() - 1) {
            throw new IllegalArgumentException("--module '" + first + "' must look like SLOT=NAME, e.g. buddy=linux");
        }
        Slot slot = Slot.parse(first.substring(0, eq));
        requireOneModulePerSlot();
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (String name : Conformance.checkNames(slot)) {
                out.println(slot.id() + "/" + name);
            }
            out.flush();
            return Main.OK;
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw new IllegalArgumentException("--timeout must be a number of seconds above 0, got " + timeoutSeconds);
        }
        Duration timeout = Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
        String name = first.substring(eq + 1);
        if (slot == Slot.MMU && machine.profile == null && (name.equals("i386") || name.equals("i386-pae"))) {
            machine.profile = "i386"; // the built-in 32-bit mmus fit only the i386 profile
        }
        MachineConfig config = machine.config(); // validates the options; module files become absolute paths
        String module = config.modules().get(slot.id());
        Style st = Style.detect();
        List<CheckResult> results = new Conformance(ModuleRegistry.current(), timeout).run(slot, module, config, checks,
            r -> {
                out.println(styled(st, r));
                out.flush();
            });
        out.println(Conformance.summary(results));
        out.flush();
        return results.stream().anyMatch(CheckResult::failed) ? Main.FAILED : Main.OK;
    }

    private void requireOneModulePerSlot() {
        Set<String> seen = new HashSet<>();
        for (String m : machine.modules) {
            int eq = m.indexOf('=');
            String slot = eq > 0 ? m.substring(0, eq) : m;
            if (!seen.add(slot)) {
                throw new IllegalArgumentException("--module " + slot + "=... is given twice; the first --module names the"
                    + " implementation under test, the others choose the rest of the machine");
            }
        }
    }

    private static String styled(Style st, CheckResult r) {
        String line = r.line();
        String status = r.status().name();
        String word = switch (r.status()) {
            case PASS -> st.pass(status);
            case FAIL -> st.fail(status);
            case WARN -> st.dim(status);
        };
        return word + line.substring(status.length());
    }
}
