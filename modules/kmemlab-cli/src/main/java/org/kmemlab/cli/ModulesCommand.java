package org.kmemlab.cli;

import java.util.concurrent.Callable;

import org.kmemlab.kernel.ModuleRegistry;
import org.kmemlab.kernel.plugins.RegisteredModule;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab modules}: one {@code SLOT=NAME  (source)} line per implementation. */
@Command(name = "modules", mixinStandardHelpOptions = true,
    description = {"List every slot implementation, one 'SLOT=NAME  (source)' line each; source is 'built-in' or the"
        + " plugin jar's path. Plugins come from plugins/ at the project root, KMEMLAB_PLUGINS and --plugins DIR;"
        + " a module may also be a JavaScript file named by path (--module buddy=./my-buddy.js)."},
    footer = {"", "Examples:", "  kmemlab modules", "  kmemlab modules --describe",
        "  kmemlab modules --plugins examples/plugins/first-fit/target",
        "  kmemlab run my.js --module buddy=first-fit --plugins examples/plugins/first-fit/target"})
final class ModulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--describe", description = "add each module's one-line description")
    boolean describe;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (RegisteredModule m : ModuleRegistry.current().registered()) {
            if (describe) {
                out.printf("%-44s %s%n", m.line(), m.module().description());
            } else {
                out.println(m.line());
            }
        }
        out.flush();
        return Main.OK;
    }
}
