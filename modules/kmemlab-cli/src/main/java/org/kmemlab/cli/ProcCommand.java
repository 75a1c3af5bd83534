package org.kmemlab.cli;

import java.util.concurrent.Callable;

import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab proc NAME}. */
@Command(name = "proc", mixinStandardHelpOptions = true,
    description = "Print a /proc view of a freshly booted machine: buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmstat.",
    footer = {"", "Examples:", "  kmemlab proc buddyinfo", "  kmemlab proc zoneinfo --profile i386 --ram 2G",
        "  kmemlab proc pagetypeinfo --mobility"})
final class ProcCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the view")
    String name;

    @Mixin
    MachineOptionsMixin machine = new MachineOptionsMixin();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Kernel k = Machine.boot(machine.config());
        String text;
        try {
            text = k.proc(name);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
