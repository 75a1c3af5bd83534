package org.kmemlab.cli;

import java.util.concurrent.Callable;

import org.kmemlab.api.SlotModule;
import org.kmemlab.kernel.ModuleRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab modules}. */
@Command(name = "modules", mixinStandardHelpOptions = true,
    description = "List every slot implementation: SLOT=NAME  (source)  description.",
    footer = {"", "Examples:", "  kmemlab modules", "  kmemlab run my.js --module buddy=linux"})
final class ModulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (SlotModule m : ModuleRegistry.builtIn().all()) {
            out.printf("%-16s (built-in)  %s%n", m.slot().id() + "=" + m.name(), m.description());
        }
        out.flush();
        return Main.OK;
    }
}
